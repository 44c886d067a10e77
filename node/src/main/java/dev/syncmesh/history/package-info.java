/** Commits and their graph: encoding, log, merge base, ahead/behind and reachability. */
package dev.syncmesh.history;
