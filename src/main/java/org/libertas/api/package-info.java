/**
 * HTTP: routes built from the OpenAPI contract (one handler per operationId), bearer-key
 * authentication and roles, JSON body validation against the contract, and the single failure
 * handler that answers {@code application/problem+json}.
 */
package org.libertas.api;
