package org.libertas.ingest;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.libertas.ontology.Lbt;

/**
 * The triples one file maps to, in the order its rows emit them, and the IRIs they use: every node
 * of a tenant's data lives under {@code Lbt.DATA + tenant/}, so two tenants never share a node.
 * Also the suppliers the file's rows name (what rescoring re-evaluates).
 */
final class Triples {
  private final String tenantBase;
  private final List<Triple> triples = new ArrayList<>();
  private final Set<String> touched = new LinkedHashSet<>();

  Triples(String tenant) {
    this.tenantBase = Lbt.DATA + encode(tenant) + "/";
  }

  void add(Node s, Node p, Node o) {
    triples.add(Triple.create(s, p, o));
  }

  /** The file's rows name this supplier. */
  void touch(String supplierId) {
    touched.add(supplierId);
  }

  List<Triple> triples() {
    return List.copyOf(triples);
  }

  Set<String> touched() {
    return Set.copyOf(touched);
  }

  Node supplier(String id) {
    return node("supplier/" + encode(id));
  }

  /** A node of the tenant's data, at a path under its base. */
  Node node(String path) {
    return NodeFactory.createURI(tenantBase + path);
  }

  static Node iri(String iri) {
    return NodeFactory.createURI(iri);
  }

  static Node literal(String s) {
    return NodeFactory.createLiteralString(s);
  }

  static Node integer(long n) {
    return NodeFactory.createLiteralDT(Long.toString(n), XSDDatatype.XSDinteger);
  }

  /** Without trailing zeros, in plain notation: "0.35", never "3.5E-1". */
  static Node decimal(BigDecimal d) {
    return NodeFactory.createLiteralDT(
        d.stripTrailingZeros().toPlainString(), XSDDatatype.XSDdecimal);
  }

  static Node date(LocalDate d) {
    return NodeFactory.createLiteralDT(d.toString(), XSDDatatype.XSDdate);
  }

  static Node bool(boolean b) {
    return NodeFactory.createLiteralDT(Boolean.toString(b), XSDDatatype.XSDboolean);
  }

  /** A path segment: URL-encoded, spaces as %20. */
  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * A short stable key (the first 8 bytes of SHA-256, hex) for nodes without an id of their own.
   */
  static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
