package io.ultrareliability.keeper.store;

/** The database cannot be used; {@code corrupt}: its content is bad (move it aside), else the disk or directory is. */
final class StoreUnusable extends Exception {
    @java.io.Serial
    private static final long serialVersionUID = 1L;
    private final boolean corrupt;

    StoreUnusable(String message, boolean corrupt, Throwable cause) {
        super(message, cause, false, false);
        this.corrupt = corrupt;
    }

    boolean corrupt() {
        return corrupt;
    }
}
