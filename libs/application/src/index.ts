export * from './clock';
export * from './decide-and-append';
export * from './personal-data/personal-data-keys';
export * from './personal-data/sqlite-personal-data-keys';
export * from './personal-data/personal-data';
