package dev.syncmesh;

/**
 * Marks every actor message, event and snapshot that may cross the network or reach the journal:
 * serialization.conf binds it to Jackson CBOR. Events are a stored schema; change them as
 * migrations.
 */
public interface CborSerializable {}
