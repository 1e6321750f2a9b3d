package io.ultrareliability.supervisor.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcFsTest {
    @Test
    void parsesStatEvenWhenTheCommandNameHasSpacesAndParentheses() {
        String line = "1234 (my (weird) name) S 1 1200 1200 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 4 0 987654 "
                + "12345678 2000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        ProcFs.Stat s = ProcFs.parse(1234, line);
        assertThat(s.state()).isEqualTo('S');
        assertThat(s.pgrp()).isEqualTo(1200);
        assertThat(s.startTicks()).isEqualTo(987654);
    }

    @Test
    void ourOwnProcessHasAStartTimeThatIdentifiesIt() {
        ProcessIdentity me = ProcessIdentity.current();
        assertThat(me).isNotNull();
        assertThat(me.isAlive()).isTrue();
        assertThat(new ProcessIdentity(me.pid(), me.startTicks() + 1).isAlive()).as("same PID, other start time")
                .isFalse();
        assertThat(ProcessIdentity.parse(me.toFileText())).isEqualTo(me);
        assertThat(ProcessIdentity.parse("garbage")).isNull();
        assertThat(ProcessIdentity.parse("")).isNull();
    }

    @Test
    void exitValuesAbove128AreSignals() {
        assertThat(ChildExit.fromExitValue(137)).isEqualTo(new ChildExit(137, 9));
        assertThat(ChildExit.fromExitValue(137).describe()).isEqualTo("killed by SIGKILL");
        assertThat(ChildExit.fromExitValue(78).bySignal()).isFalse();
        assertThat(ChildExit.fromExitValue(78).describe()).isEqualTo("exit code 78");
    }

    @Test
    void readsIgnoredSignalsFromTheStatusMask() {
        String status = "Name:\tjava\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000000007\nSigCgt:\t0\n";
        assertThat(ProcFs.ignores(status, 1)).isTrue();   // HUP
        assertThat(ProcFs.ignores(status, 3)).isTrue();   // QUIT
        assertThat(ProcFs.ignores(status, 15)).isFalse(); // TERM
        assertThat(ProcFs.ignores("Name:\tx\n", 1)).isFalse();
    }
}
