/** Garbage collection of the objects no peer can reach: roots, marks, sweep, schedule. */
package dev.syncmesh.gc;
