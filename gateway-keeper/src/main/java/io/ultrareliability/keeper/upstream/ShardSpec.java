package io.ultrareliability.keeper.upstream;

/** {@code [shard_id, num_shards]} for IDENTIFY; {@code [0, 1]} when unsharded. */
public record ShardSpec(int id, int count) {
    public ShardSpec {
        if (count < 1 || id < 0 || id >= count) {
            throw new IllegalArgumentException("shard must satisfy 0 <= id < count, got [" + id + ", " + count + "]");
        }
    }
}
