package io.ultrareliability.supervisor.aot;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.common.BotContract;
import io.ultrareliability.common.Durations;
import io.ultrareliability.supervisor.config.DefaultChild;
import io.ultrareliability.supervisor.config.SupervisorConfig;
import io.ultrareliability.supervisor.core.Scheduler;
import io.ultrareliability.supervisor.core.SupervisorListener;
import io.ultrareliability.supervisor.process.ChildHandle;
import io.ultrareliability.supervisor.process.ChildLauncher;
import io.ultrareliability.supervisor.process.ChildSpec;
import io.ultrareliability.supervisor.status.AotCacheState;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the default bot from a JDK 25 AOT cache when a valid one exists, and trains one
 * when it does not. A JVM that starts from the cache reaches a healthy bot ~3x sooner, and
 * that is most of the time a kill -9 costs (docs/perf.md).
 *
 * <ul>
 *   <li>Launch: with a cache whose {@link AotKey} matches, the child gets
 *       {@code -XX:AOTCache=run/bot.aot}; otherwise the plain command, unchanged.
 *   <li>Training: once the child is healthy (never slowing its start), a separate
 *       {@code --aot-train} run writes the cache in the background; at most
 *       {@value #MAX_TRAININGS} runs per supervisor lifetime, so a JDK that cannot build
 *       one costs a few seconds once and never loops.
 *   <li>Fallback: if a JVM started from the cache prints an {@code [error][aot]} line (the
 *       JDK then runs without it), the cache is dropped and trained again.
 * </ul>
 * Called on the supervisor's loop thread (launch and the listener hooks); output lines
 * arrive on pump threads and are handed to the loop.
 */
public final class AotCacheLauncher implements ChildLauncher, SupervisorListener {
    private static final Logger LOG = LoggerFactory.getLogger(AotCacheLauncher.class);
    static final int MAX_TRAININGS = 3;
    static final Duration TRAINING_LIMIT = Duration.ofMinutes(3);
    /** The JVM's unified logging, e.g. {@code [0.010s][error  ][aot] Loading static archive failed.} */
    private static final Pattern JVM_AOT_ERROR = Pattern.compile("\\[error\\s*\\]\\[aot");
    /**
     * JDK 25 warns {@code Failed to link AdapterHandlerEntry (fp=...) to its code in the AOT code
     * cache} when two cached call adapters share an id (the line before it names the clash):
     * the JVM then builds that one adapter as it would without a cache, and the rest of the
     * cache is used. Harmless, but it alarms people, so the child's log explains it in place.
     */
    static final String ADAPTER_WARNING = "Failed to link AdapterHandlerEntry";
    static final String ADAPTER_NOTE = "ultra-reliability: the JVM warning above is harmless: one cached call "
            + "adapter is rebuilt at start, the rest of the AOT cache is in use (docs/supervisor.md, AOT cache)";

    private final ChildLauncher delegate;
    private final DefaultChild child;
    private final AotCacheFiles files;
    private final Scheduler scheduler;
    private final Supplier<Optional<String>> keys;
    private final AotCacheStatus status;
    private TrainingRun training;
    private int trainings;
    private boolean stopped;

    /**
     * @param keys the current {@link AotKey}; empty when it cannot be computed (no cache then)
     */
    public AotCacheLauncher(ChildLauncher delegate, DefaultChild child, AotCacheFiles files, Scheduler scheduler,
            Supplier<Optional<String>> keys, AotCacheStatus status) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.child = requireNonNull(child, "child is null");
        this.files = requireNonNull(files, "files is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.keys = requireNonNull(keys, "keys is null");
        this.status = requireNonNull(status, "status is null");
        boolean ready = usable();
        status.set(ready ? AotCacheState.READY : AotCacheState.NONE, ready ? "trained for this build: " + files.cache()
                : "trained once the bot is healthy", false, scheduler.now());
    }

    /**
     * The launcher for this configuration: empty (with the reason logged) for a child command
     * of one's own, {@code child.aot_cache: off}, or a JDK older than 25.
     */
    public static Optional<AotCacheLauncher> forChild(SupervisorConfig.Child config, java.nio.file.Path runDir,
            Scheduler scheduler, ChildLauncher delegate, AotCacheStatus status) {
        DefaultChild child = config.defaultChild();
        if (child == null) {
            return Optional.empty();
        }
        if (!config.aotCache()) {
            LOG.info("AOT cache off (child.aot_cache: off)");
            status.set(AotCacheState.OFF, "child.aot_cache: off", false, scheduler.now());
            return Optional.empty();
        }
        Optional<JavaRelease> release = JavaRelease.of(java.nio.file.Path.of(child.java()));
        if (release.isEmpty() || !release.get().supportsAotCache()) {
            String why = "the bot's JDK (" + child.java() + ") is "
                    + release.map(JavaRelease::version).orElse("of unknown version") + ", the cache needs 25+";
            LOG.info("AOT cache off: {}", why);
            status.set(AotCacheState.OFF, why, false, scheduler.now());
            return Optional.empty();
        }
        AotCacheLauncher l = new AotCacheLauncher(delegate, child, AotCacheFiles.in(runDir), scheduler,
                keysFor(child, release.get()), status);
        LOG.info("AOT cache on (JDK {}): {}", release.get().version(),
                l.usable() ? "the bot starts from " + l.files.cache() : "trained once the bot is healthy");
        return Optional.of(l);
    }

    /** The production key source: {@link AotKey} of the child on this JDK. */
    public static Supplier<Optional<String>> keysFor(DefaultChild child, JavaRelease release) {
        return () -> {
            try {
                return Optional.of(AotKey.of(child, release));
            } catch (IOException e) {
                LOG.debug("no AOT key: {}", e.getMessage());
                return Optional.empty();
            }
        };
    }

    @Override
    public ChildHandle launch(ChildSpec spec, Consumer<String> outputLine) throws IOException {
        if (!spec.command().equals(child.command()) || !usable()) {
            status.inUse(false);
            return delegate.launch(spec, outputLine);
        }
        ChildSpec fromCache = new ChildSpec(child.withAotCache(files.cache()), spec.workdir(), spec.env());
        java.util.concurrent.atomic.AtomicBoolean explained = new java.util.concurrent.atomic.AtomicBoolean();
        ChildHandle h = delegate.launch(fromCache, line -> {
            if (JVM_AOT_ERROR.matcher(line).find()) {
                scheduler.execute(() -> onCacheRejected(line));
            }
            outputLine.accept(line);
            if (line.contains(ADAPTER_WARNING) && explained.compareAndSet(false, true)) {
                outputLine.accept(ADAPTER_NOTE);
            }
        });
        status.inUse(true);
        LOG.info("child {} started from the AOT cache {}", h.pid(), files.cache());
        return h;
    }

    private boolean usable() {
        return keys.get().map(files::matches).orElse(false);
    }

    @Override
    public void onStateChange(ChildState from, ChildState to, StatusSnapshot snapshot) {
        if (to == ChildState.RUNNING) {
            maybeTrain();
        }
    }

    @Override
    public void onStopped() {
        stopped = true;
        if (training != null) {
            training.cancel();
        }
    }

    private void maybeTrain() {
        if (stopped || (training != null && !training.finished()) || trainings >= MAX_TRAININGS) {
            return;
        }
        Optional<String> key = keys.get();
        if (key.isEmpty() || files.matches(key.get())) {
            return;
        }
        trainings++;
        LOG.info("training the AOT cache {} in the background (run {} of at most {}): the bot's next start"
                + " will be faster", files.cache(), trainings, MAX_TRAININGS);
        try {
            java.nio.file.Files.deleteIfExists(files.output());
        } catch (IOException e) {
            LOG.debug("cannot remove an old training output: {}", e.getMessage());
        }
        String trainedFor = key.get();
        status.set(AotCacheState.TRAINING, "run " + trainings + " of at most " + MAX_TRAININGS, false, scheduler.now());
        // Only what the JVM needs: never the token or the operator's Discord settings.
        ChildSpec spec = new ChildSpec(child.aotTraining(files.output()), files.output().getParent(),
                Map.of(BotContract.BOT_HEALTH_PORT, "0"));
        training = TrainingRun.start(delegate, spec, scheduler, TRAINING_LIMIT, files::outputSize,
                r -> onTrained(r, trainedFor));
    }

    private void onTrained(TrainingRun.Result r, String trainedFor) {
        if (!r.ok()) {
            status.set(AotCacheState.FAILED, r.detail(), false, scheduler.now());
            LOG.warn("AOT cache training failed after {}: {}; the bot runs without the cache. Last output:\n  {}",
                    Durations.format(r.took()), r.detail(), String.join("\n  ", r.lastLines()));
            return;
        }
        if (!keys.get().equals(Optional.of(trainedFor))) {
            LOG.info("AOT cache trained, but the bot or the JDK changed meanwhile: not used");
            status.set(AotCacheState.NONE, "the bot or the JDK changed during training", false, scheduler.now());
            return;
        }
        try {
            files.commit(trainedFor);
            status.set(AotCacheState.READY, "trained in " + Durations.format(r.took()) + ", " + r.detail(), false,
                    scheduler.now());
            LOG.info("AOT cache ready after {} ({}): the bot starts from it from its next start on",
                    Durations.format(r.took()), r.detail());
        } catch (IOException e) {
            LOG.warn("cannot put the trained AOT cache in place: {}; the bot runs without it", e.getMessage());
            status.set(AotCacheState.FAILED, "cannot put it in place: " + e.getMessage(), false, scheduler.now());
        }
    }

    private void onCacheRejected(String line) {
        if (!files.cache().toFile().exists()) {
            return;
        }
        try {
            files.discard();
        } catch (IOException e) {
            LOG.warn("cannot remove the AOT cache {}: {}", files.cache(), e.getMessage());
        }
        LOG.warn("the JVM could not use the AOT cache ({}): dropped it; it is trained again once the bot is"
                + " healthy", line.strip());
        status.set(AotCacheState.NONE, "dropped: the JVM could not use it (" + line.strip() + ")", false, scheduler.now());
    }
}
