export * from './clock';
export * from './decide-and-append';
export * from './personal-data/personal-data-keys';
export * from './personal-data/sqlite-personal-data-keys';
export * from './personal-data/personal-data';
export * from './identity/access-token';
export * from './identity/bootstrap';
export * from './application.module';
