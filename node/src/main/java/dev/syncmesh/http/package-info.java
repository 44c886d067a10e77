/**
 * The HTTP surface: what every API route shares (JSON, problem+json errors, the API token, the
 * sealed top-level route) and the routes of the peer API and {@code GET /cluster}.
 */
package dev.syncmesh.http;
