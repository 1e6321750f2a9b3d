package io.ultrareliability.supervisor.aot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.supervisor.config.DefaultChild;
import io.ultrareliability.supervisor.process.ChildSpec;
import io.ultrareliability.supervisor.status.AotCache;
import io.ultrareliability.supervisor.status.AotCacheState;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.StatusJson;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import io.ultrareliability.supervisor.testkit.FakeLauncher;
import io.ultrareliability.supervisor.testkit.ManualScheduler;
import io.ultrareliability.supervisor.testkit.StatusFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache's policy with fake processes and a manual clock: when to use, train, drop. */
class AotCacheLauncherTest {
    @TempDir
    Path run;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeLauncher processes = new FakeLauncher();
    private final AtomicReference<Optional<String>> key = new AtomicReference<>(Optional.of("key-1"));
    private final DefaultChild child = new DefaultChild("/jdk/bin/java", List.of("-XX:+UseSerialGC", "-Xshare:auto"),
            Path.of("/src/bot/target/bot.jar"), List.of("--supervised"));
    private final List<String> childOutput = new ArrayList<>();
    private final AotCacheStatus status = new AotCacheStatus();
    private AotCacheFiles files;
    private AotCacheLauncher launcher;
    private ChildSpec plain;

    @BeforeEach
    void setUp() {
        files = AotCacheFiles.in(run);
        launcher = new AotCacheLauncher(processes, child, files, scheduler, key::get, status);
        plain = new ChildSpec(child.command(), run, Map.of("BOT_HEALTH_PORT", "8790"));
    }

    private void startChild() throws Exception {
        launcher.launch(plain, childOutput::add);
    }

    private void childHealthy() {
        launcher.onStateChange(ChildState.STARTING, ChildState.RUNNING, null);
        scheduler.runPending();
    }

    /** The training run does what the JDK does: writes the file, says so, exits. */
    private void trainingSucceeds() throws Exception {
        FakeLauncher.Child trainer = processes.last();
        Files.writeString(files.output(), "trained cache");
        trainer.print("AOTCache creation is complete: " + files.output() + " 13 bytes");
        trainer.exit(0);
        scheduler.runPending();
    }

    private String state() {
        return status.current().state().jsonName();
    }

    @Test
    void withoutACacheTheChildStartsPlainAndATrainingRunFollowsOnceItIsHealthy() throws Exception {
        assertThat(state()).isEqualTo("none");
        startChild();
        assertThat(processes.specs.get(0).command()).isEqualTo(child.command());
        assertThat(processes.specs).hasSize(1);

        childHealthy();
        assertThat(processes.specs).hasSize(2);
        ChildSpec training = processes.specs.get(1);
        assertThat(training.command()).isEqualTo(child.aotTraining(files.output()));
        assertThat(training.env()).isEqualTo(Map.of("BOT_HEALTH_PORT", "0"));
        assertThat(training.workdir()).isEqualTo(run);

        assertThat(state()).isEqualTo("training");
        trainingSucceeds();
        assertThat(files.matches("key-1")).isTrue();
        assertThat(files.cache()).hasContent("trained cache");
        assertThat(status.current()).extracting(AotCache::state, AotCache::inUse)
                .containsExactly(AotCacheState.READY, false);

        startChild();
        assertThat(status.current().inUse()).isTrue();
        assertThat(processes.specs.get(2).command()).isEqualTo(child.withAotCache(files.cache()));
        assertThat(processes.specs.get(2).env()).isEqualTo(plain.env());
        childHealthy();
        assertThat(processes.specs).as("no training with a valid cache").hasSize(3);
        assertThat(scheduler.liveTimers()).isZero();
    }

    @Test
    void aCacheForAnotherBuildIsNeverUsedAndIsTrainedAgain() throws Exception {
        startChild();
        childHealthy();
        trainingSucceeds();
        key.set(Optional.of("key-2")); // the bot was rebuilt
        startChild();
        assertThat(processes.specs.get(2).command()).isEqualTo(child.command());
        childHealthy();
        assertThat(processes.specs.get(3).command()).isEqualTo(child.aotTraining(files.output()));
    }

    @Test
    void noKeyMeansNoCacheAndNoTraining() throws Exception {
        key.set(Optional.empty());
        startChild();
        childHealthy();
        assertThat(processes.specs).hasSize(1);
        assertThat(processes.specs.get(0).command()).isEqualTo(child.command());
    }

    @Test
    void aFailedTrainingLeavesNoCacheAndIsRetriedAtMostThreeTimes() throws Exception {
        startChild();
        for (int i = 0; i < AotCacheLauncher.MAX_TRAININGS; i++) {
            childHealthy();
            assertThat(processes.specs).hasSize(2 + i);
            processes.last().exit(1);
            scheduler.runPending();
            assertThat(files.matches("key-1")).isFalse();
            assertThat(status.current().detail()).isEqualTo("the training run ended with exit code 1");
            assertThat(state()).isEqualTo("failed");
            launcher.onStateChange(ChildState.RUNNING, ChildState.UNHEALTHY, null);
        }
        childHealthy();
        assertThat(processes.specs).as("no fourth training").hasSize(1 + AotCacheLauncher.MAX_TRAININGS);
    }

    @Test
    void exitZeroWithoutTheJdksCompletionLineIsAFailure() throws Exception {
        startChild();
        childHealthy();
        Files.writeString(files.output(), "something");
        processes.last().exit(0);
        scheduler.runPending();
        assertThat(files.matches("key-1")).isFalse();
        assertThat(files.cache()).doesNotExist();
    }

    @Test
    void aTrainingRunThatHangsIsKilledAtTheLimit() throws Exception {
        startChild();
        childHealthy();
        FakeLauncher.Child trainer = processes.last();
        scheduler.advance(AotCacheLauncher.TRAINING_LIMIT.minusMillis(1));
        assertThat(trainer.signals).isEmpty();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(trainer.signals).containsExactly("KILL");
        assertThat(files.matches("key-1")).isFalse();
    }

    @Test
    void shutdownKillsARunningTraining() throws Exception {
        startChild();
        childHealthy();
        FakeLauncher.Child trainer = processes.last();
        launcher.onStopped();
        scheduler.runPending();
        assertThat(trainer.signals).containsExactly("KILL");
        assertThat(scheduler.liveTimers()).isZero();
        childHealthy();
        assertThat(processes.specs).as("no training after shutdown").hasSize(2);
    }

    @Test
    void aTrainingThatFinishesAfterTheBuildChangedIsNotUsed() throws Exception {
        startChild();
        childHealthy();
        key.set(Optional.of("key-2"));
        trainingSucceeds();
        assertThat(files.matches("key-1")).isFalse();
        assertThat(files.matches("key-2")).isFalse();
    }

    @Test
    void theJdkAdapterWarningIsExplainedOnceInTheChildsLogAndTheCacheStaysInUse() throws Exception {
        startChild();
        childHealthy();
        trainingSucceeds();
        startChild();
        FakeLauncher.Child fromCache = processes.last();
        String clash = "[0.238s][warning][aot,codecache,stubs] Saved blob's name 'LLLLLLIILLLL' is different "
                + "from the expected name 'LLLLLLLIILLL'";
        String warning = "[0.238s][warning][aot                ] Failed to link AdapterHandlerEntry "
                + "(fp=LLLLLLLIILLL) to its code in the AOT code cache";
        fromCache.print(clash);
        fromCache.print(warning);
        fromCache.print(warning.replace("LLLLLLLIILLL", "LLIJ"));
        scheduler.runPending();
        assertThat(childOutput).containsExactly(clash, warning, AotCacheLauncher.ADAPTER_NOTE,
                warning.replace("LLLLLLLIILLL", "LLIJ"));
        assertThat(files.cache()).exists();
        assertThat(state()).isEqualTo("ready");
        assertThat(status.current().inUse()).isTrue();
    }

    @Test
    void aCacheTheJvmRejectsIsDroppedAndTrainedAgain() throws Exception {
        startChild();
        childHealthy();
        trainingSucceeds();
        startChild();
        FakeLauncher.Child fromCache = processes.last();
        fromCache.print("[0.010s][error  ][aot] An error has occurred while processing the AOT cache.");
        fromCache.print("[0.009s][warning][aot] The AOT cache has been truncated.");
        fromCache.print("health: http://127.0.0.1:8790");
        scheduler.runPending();
        assertThat(childOutput).as("the child's output still reaches the log").hasSize(3);
        assertThat(files.cache()).doesNotExist();
        assertThat(files.key()).doesNotExist();
        assertThat(state()).isEqualTo("none");
        assertThat(status.current().detail()).contains("the JVM could not use it");
        childHealthy();
        assertThat(processes.last().pid()).isNotEqualTo(fromCache.pid());
        assertThat(processes.specs.get(processes.specs.size() - 1).command())
                .isEqualTo(child.aotTraining(files.output()));
    }

    @Test
    void aChildCommandOfOnesOwnPassesThroughUntouched() throws Exception {
        startChild();
        childHealthy();
        trainingSucceeds();
        ChildSpec other = new ChildSpec(List.of("/usr/bin/python3", "bot.py"), run, Map.of());
        launcher.launch(other, childOutput::add);
        assertThat(processes.last()).isNotNull();
        assertThat(processes.specs.get(processes.specs.size() - 1)).isEqualTo(other);
    }

    @Test
    void theStatusDocumentGetsTheField() throws Exception {
        StatusSnapshot doc = StatusFixtures.bot(0, ChildState.STOPPED);
        assertThat(new AotCacheStatus().decorate(doc)).isEqualTo(doc);
        startChild();
        String json = StatusJson.toJson(status.decorate(doc)).toString();
        assertThat(json).contains("\"aot_cache\":{\"state\":\"none\",\"in_use\":false,\"since\":\"2026-01-01T00:00:00Z\"");
    }
}
