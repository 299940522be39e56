// An external module, not an inline script: the CSP allows scripts from the service only.
import { initAll } from '/assets/govuk-frontend.min.js';

initAll();
