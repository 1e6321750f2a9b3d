package io.ultrareliability.supervisor.probe;

import java.util.concurrent.CompletionStage;

/** Asks the child whether it is alive. Never completes exceptionally: failures are results. */
@FunctionalInterface
public interface HealthChecker {
    CompletionStage<HealthResult> check();
}
