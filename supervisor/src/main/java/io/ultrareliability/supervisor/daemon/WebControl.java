package io.ultrareliability.supervisor.daemon;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.supervisor.core.ChildState;
import io.ultrareliability.supervisor.core.Supervisor;
import io.ultrareliability.supervisor.liveness.ProgressTracker;
import io.ultrareliability.supervisor.liveness.Supervision;
import io.ultrareliability.supervisor.status.StatusJson;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import io.ultrareliability.supervisor.web.SupervisorControl;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The web server's view of the core: the status as the status file has it, the recent child
 * output, and the actions, which the core runs on its own loop. An action that makes no sense
 * in the current state is refused with a reason (the server answers 409).
 */
final class WebControl implements SupervisorControl {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final Supervisor supervisor;
    private final Supervisor keeper;
    private final Supplier<StatusSnapshot> document;
    private final ChildOutputRing output;
    private final UnaryOperator<ObjectNode> decorate;
    private final boolean probed;
    private final Supervision supervision;

    /**
     * @param decorate adds what the core does not know (web port, AOT cache), as in the status file
     * @param probed an HTTP health probe is configured; without one a running child counts as healthy
     */
    WebControl(Supervisor supervisor, ChildOutputRing output, UnaryOperator<ObjectNode> decorate, boolean probed,
            Supervision supervision) {
        this(supervisor, null, null, output, decorate, probed, supervision);
    }

    /**
     * @param keeper the keeper's core (issue 17), null without one
     * @param document the status document's snapshot (the bot's with the keeper's attached);
     *        null: the bot's own
     */
    WebControl(Supervisor supervisor, Supervisor keeper, Supplier<StatusSnapshot> document, ChildOutputRing output,
            UnaryOperator<ObjectNode> decorate, boolean probed, Supervision supervision) {
        this.supervision = requireNonNull(supervision, "supervision is null");
        this.supervisor = requireNonNull(supervisor, "supervisor is null");
        this.keeper = keeper;
        this.document = document != null ? document : supervisor::snapshot;
        this.output = requireNonNull(output, "output is null");
        this.decorate = requireNonNull(decorate, "decorate is null");
        this.probed = probed;
    }

    @Override
    public Map<String, Object> statusSnapshot() {
        StatusSnapshot s = document.get();
        return StatusJson.mapper().convertValue(decorate.apply(StatusJson.toJson(s != null ? s : supervisor.snapshot())),
                MAP);
    }

    @Override
    public String supervisionProblem() {
        ProgressTracker.Verdict v = supervision.check();
        return v.ok() ? null : v.describe();
    }

    @Override
    public List<String> lastChildLogLines(int max) {
        return output.last(max);
    }

    @Override
    public void requestRestart(String reason) {
        refuseWhileStopping();
        supervisor.requestRestart(reason + " restart over the HTTP API");
    }

    @Override
    public void requestKeeperRestart(String reason) {
        if (keeper == null) {
            throw new IllegalStateException(NO_KEEPER);
        }
        refuseWhileStopping();
        keeper.requestRestart(reason + " keeper restart over the HTTP API");
    }

    @Override
    public void stopChild() {
        refuseWhileStopping();
        if (childState() == ChildState.STOPPED) {
            throw new IllegalStateException("the child is already stopped");
        }
        supervisor.stopChild();
    }

    @Override
    public void startChild() {
        refuseWhileStopping();
        ChildState s = childState();
        switch (s) {
            case STOPPED -> supervisor.startChild();
            case FATAL -> supervisor.requestRestart("start over the HTTP API");
            default -> throw new IllegalStateException("the child is " + s.jsonName() + ", not stopped");
        }
    }

    @Override
    public boolean childHealthy() {
        StatusSnapshot.Child c = supervisor.snapshot().child();
        return c.state() == ChildState.RUNNING && (!probed || Boolean.TRUE.equals(c.health().ok()));
    }

    private ChildState childState() {
        return supervisor.snapshot().child().state();
    }

    private void refuseWhileStopping() {
        if (!"running".equals(supervisor.snapshot().supervisor().state())) {
            throw new IllegalStateException("the supervisor is shutting down");
        }
    }
}
