/** The ports of app/: the stores, the records they keep, messaging, and the services around the use cases. */
export type * from './stores';
export type * from './records';
export type * from './messaging';
export type * from './services';
export type * from './report';
export type * from './retention';
