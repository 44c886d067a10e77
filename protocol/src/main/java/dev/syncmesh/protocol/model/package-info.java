/** Names, keys, canonical JSON record values and content hashes: the validated vocabulary of a dataset. */
package dev.syncmesh.protocol.model;
