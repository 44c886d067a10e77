package dev.syncmesh.protocol.store;

/**
 * What a store has done since it was opened: objects asked for and served from the database (not
 * the cache), objects written, and database round trips.
 */
public record ObjectStoreStats(long objectsRead, long objectsWritten, long roundTrips) {
  public ObjectStoreStats minus(ObjectStoreStats earlier) {
    return new ObjectStoreStats(
        objectsRead - earlier.objectsRead,
        objectsWritten - earlier.objectsWritten,
        roundTrips - earlier.roundTrips);
  }
}
