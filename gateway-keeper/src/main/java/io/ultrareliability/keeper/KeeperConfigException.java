package io.ultrareliability.keeper;

/** Bad configuration: one line for the operator; the keeper exits 78. */
public final class KeeperConfigException extends RuntimeException {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    public KeeperConfigException(String message) {
        super(message, null, false, false);
    }
}
