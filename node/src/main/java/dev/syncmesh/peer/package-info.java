/** The peer: a sharded, event-sourced entity per peer, its mutation lane and the service facade. */
package dev.syncmesh.peer;
