import type { Request, Response } from 'express';

interface ErrorPage {
  title: string;
  paragraphs: string[];
}

/** What people are told for each status, in the GOV.UK pattern's words: what happened and what to do. */
const ERROR_PAGES: Record<number, ErrorPage> = {
  400: {
    title: 'There is a problem with the request',
    paragraphs: ['Check the address or the form and try again.'],
  },
  403: {
    title: 'You cannot do this',
    paragraphs: [
      'You do not have permission to see this page or do this, or the form you sent was out of date.',
      'Go back, refresh the page and try again. If you think you should have access, ask your network’s coordinator.',
    ],
  },
  404: {
    title: 'Page not found',
    paragraphs: [
      'If you typed the web address, check it is correct.',
      'If you pasted the web address, check you copied the entire address.',
    ],
  },
  409: {
    title: 'This has already changed',
    paragraphs: [
      'Someone changed this at the same time, or it was already done. Go back, refresh and check.',
    ],
  },
  410: { title: 'This link has expired or was already used', paragraphs: ['Ask for a new one.'] },
  413: { title: 'The file or form is too large', paragraphs: ['Files can be at most 20 MB.'] },
  422: { title: 'This cannot be done', paragraphs: ['Go back, check what you entered and try again.'] },
  429: { title: 'Too many requests', paragraphs: ['Wait a few minutes and try again.'] },
  500: {
    title: 'Sorry, there is a problem with the service',
    paragraphs: ['Try again later. What you entered has not been saved.'],
  },
  503: { title: 'Sorry, the service is unavailable', paragraphs: ['Try again in a few moments.'] },
};

/**
 * Answers `status` with the page for it, in the service's design. A failure to render (the template itself) falls
 * back to plain text rather than to nothing.
 */
export function renderErrorPage(request: Request, response: Response, status: number, detail?: string): void {
  const page = ERROR_PAGES[status] ?? ERROR_PAGES[status >= 500 ? 500 : 400];
  response.locals.currentPath ??= request.path;
  response
    .status(status)
    .render(
      'errors/error',
      { ...page, paragraphs: detail ? [detail, ...page.paragraphs] : page.paragraphs },
      (error: Error | null, html?: string) => {
        if (error) response.type('text/plain').send(page.title);
        else response.type('html').send(html);
      },
    );
}

/** A browser asking for a page (not a program asking the API) gets error pages rather than problem+json. */
export function wantsPage(request: Request): boolean {
  return request.accepts(['json', 'html']) === 'html';
}
