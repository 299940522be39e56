export * from './authority';
export * from './authority-register';
export * from './principles';
export * from './themes';
