export * from './clock';
export * from './decide-and-append';
