export * from './shared/errors';
export * from './shared/decider';
export * from './practice/practice.commands';
export * from './practice/practice.events';
export * from './practice/practice.decider';
export * from './network/network.commands';
export * from './network/network.events';
export * from './network/network.decider';
