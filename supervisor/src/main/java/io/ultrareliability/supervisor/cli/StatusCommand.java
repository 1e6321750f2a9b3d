package io.ultrareliability.supervisor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.supervisor.app.ExitCodes;
import io.ultrareliability.supervisor.app.VersionProvider;
import io.ultrareliability.supervisor.status.StatusJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show the supervisor's status. Exit 0 when it runs, 3 when not.")
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HomeOptions opts;

    @Option(names = "--json", description = "Print the status file as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        boolean running = RunningSupervisor.find(opts.home()) != null;
        JsonNode s = RunningSupervisor.status(opts.home());
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(s == null ? "{}" : StatusJson.mapper().writeValueAsString(s));
        } else if (s == null) {
            out.println(running ? "supervisor running, no status file yet" : "not running");
        } else {
            out.print(StatusView.summary(s, running));
        }
        out.flush();
        return running ? ExitCodes.OK : ExitCodes.NOT_RUNNING;
    }
}
