// The projection runner and read models (catalogue, dashboard, audit) arrive with the read-side issue.
export {};
