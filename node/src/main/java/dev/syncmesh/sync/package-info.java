/**
 * Sync sessions (README.md, "Sync"): remotes, the links that reach them, the session actor and its
 * fetch, merge, resolve and push phase actors, and the SyncResult every session leaves behind.
 */
package dev.syncmesh.sync;
