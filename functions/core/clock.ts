/**
 * The Clock port: the only way domain code and handlers learn "now". In AWS it is the system clock;
 * the local runner and the tests install a virtual one.
 */
export interface Clock {
  now(): Date;
}
