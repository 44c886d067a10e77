/** Commits and their graph: encoding, log, merge base, ahead/behind, reachability and how far a reader has read (frontier). */
package dev.syncmesh.history;
