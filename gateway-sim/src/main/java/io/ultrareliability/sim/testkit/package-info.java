/**
 * Test support other modules' integration tests share (the gateway keeper's, the bot's): it
 * lives in the simulator's main code so they need no test-jar, only the simulator dependency
 * they already have. Nothing here runs in the simulator itself.
 */
package io.ultrareliability.sim.testkit;
