export * from './merkle-tree';
export * from './signed-note';
export * from './checkpoint';
export * from './cosignature';
