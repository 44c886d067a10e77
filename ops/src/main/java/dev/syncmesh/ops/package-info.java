/** The {@code syncmesh} command line: entry point and shared option handling. */
package dev.syncmesh.ops;
