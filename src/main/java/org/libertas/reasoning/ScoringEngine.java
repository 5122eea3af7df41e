package org.libertas.reasoning;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.libertas.ontology.ScoringParameters;

/**
 * The scoring model (docs/architecture.md, "Scoring") over a {@link SupplyChain}: each supplier's
 * own risk is the noisy-OR of its factor strengths, upstream risk is the riskiest direct supplier's
 * risk decayed once per tier, and total risk combines both. Propagation runs {@code maxTiers}
 * rounds of dynamic programming, so cycles terminate and cost is O(maxTiers × links).
 *
 * <p>Deterministic: same chain, signals, parameters and as-of date give bit-identical results.
 */
public final class ScoringEngine {
  public static final String UPSTREAM = "upstream";

  /** The two dimensions beside the score (DESIGN §4): each family belongs to one of them. */
  public static final String CONTEXT = "context";

  public static final String EVIDENCE = "evidence";

  private static final List<String> DIMENSIONS = List.of(CONTEXT, EVIDENCE);

  private final ScoringParameters params;

  /**
   * Family IRI → {@link #CONTEXT} or {@link #EVIDENCE}; a family in neither counts in the score
   * only.
   */
  private final Map<String, String> dimensionOf;

  /** params.toString() in UTF-8, hashed into every assessment: encoded once (it is immutable). */
  private final byte[] paramsBytes;

  public ScoringEngine(ScoringParameters params) {
    this(params, Map.of());
  }

  /**
   * @param dimensionOf family IRI → {@link #CONTEXT} or {@link #EVIDENCE} (the ontology's
   *     lbt:dimension); the dimensions are not part of the inputs hash: they never change the score
   */
  public ScoringEngine(ScoringParameters params, Map<String, String> dimensionOf) {
    this.params = params;
    this.dimensionOf = Map.copyOf(dimensionOf);
    this.paramsBytes = params.toString().getBytes(StandardCharsets.UTF_8);
  }

  public ScoringParameters parameters() {
    return params;
  }

  /**
   * Scores every supplier of the chain.
   *
   * @param signalsBySupplier signals indexed like the chain (signalsBySupplier.get(i) for id(i))
   * @param asOf the date recency is measured from; stored with the score so it can be recomputed
   */
  public Assessment[] score(
      SupplyChain chain, List<List<Signal>> signalsBySupplier, LocalDate asOf) {
    return score(chain, signalsBySupplier, asOf, null, null).assessments();
  }

  /**
   * What one scoring of a chain computed, kept to score the same chain again after some suppliers'
   * signals changed: their own factors, the propagation's tables and the assessments.
   */
  public static final class State {
    private final SupplyChain chain;
    private final LocalDate asOf;
    private final ScoringParameters params;
    private final List<List<Assessment.Factor>> own;
    private final boolean[] hardStop;
    // The score's propagation, then one per dimension (DIMENSIONS' order).
    private final Table[] tables;
    private final Assessment[] assessments;
    // Buyers of each supplier, built on the first incremental scoring of the chain and handed on.
    private volatile Buyers buyers;

    private State(
        SupplyChain chain,
        LocalDate asOf,
        ScoringParameters params,
        List<List<Assessment.Factor>> own,
        boolean[] hardStop,
        Table[] tables,
        Assessment[] assessments) {
      this.chain = chain;
      this.asOf = asOf;
      this.params = params;
      this.own = own;
      this.hardStop = hardStop;
      this.tables = tables;
      this.assessments = assessments;
    }

    /** The chain scored: an incremental scoring must be given the same one. */
    public SupplyChain chain() {
      return chain;
    }
  }

  /**
   * A scoring: the assessments, the state to score incrementally from, and which suppliers were
   * assessed anew (the others' assessments are the previous state's objects, equal to what a full
   * scoring gives).
   */
  public record Scored(Assessment[] assessments, State state, boolean[] assessed) {}

  /**
   * One propagation over the chain: {@code own[i]}, the own risk of each supplier (of the score or
   * of one dimension); {@code risk[k][i]}, i's risk counting suppliers up to k tiers away; {@code
   * best[k][i]}, the supplier it came from; {@code level}, the tier it converged at.
   */
  private static final class Table {
    final double[] own;
    final double[][] risk;
    final int[][] best;
    int level;

    Table(double[] own, int tiers) {
      this.own = own;
      this.risk = new double[tiers + 1][];
      this.best = new int[tiers + 1][];
    }
  }

  /**
   * Scores the chain, reusing what {@code previous} computed when it is of the same chain, as-of
   * date and parameters: only the suppliers marked in {@code changed} get their own factors again,
   * propagation is recomputed only for the suppliers near a change (at most {@code maxTiers} buyer
   * links above one), and a supplier is assessed anew only when it changed or a value its
   * assessment reads did (its risk, the riskiest supplier it was chosen from, any step of its
   * upstream path). The result is exactly a full scoring's ({@code ScoringPropertiesTest} checks it
   * on random chains).
   *
   * @param previous an earlier scoring of this chain, or null for a full scoring
   * @param changed indexed like the chain: whose signals may differ from {@code previous}'s
   */
  public Scored score(
      SupplyChain chain,
      List<List<Signal>> signalsBySupplier,
      LocalDate asOf,
      State previous,
      boolean[] changed) {
    int n = chain.size();
    State prev =
        previous != null
                && changed != null
                && previous.chain == chain
                && previous.asOf.equals(asOf)
                && previous.params.equals(params)
            ? previous
            : null;
    int tables = 1 + DIMENSIONS.size();
    List<List<Assessment.Factor>> own = new ArrayList<>(n);
    double[][] ownRisk = new double[tables][n];
    boolean[] hardStop = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (prev != null && !changed[i]) {
        own.add(prev.own.get(i));
        for (int t = 0; t < tables; t++) {
          ownRisk[t][i] = prev.tables[t].own[i];
        }
        hardStop[i] = prev.hardStop[i];
        continue;
      }
      List<Assessment.Factor> factors = ownFactors(signalsBySupplier.get(i), asOf);
      own.add(factors);
      double[] keep = new double[tables];
      Arrays.fill(keep, 1);
      for (Assessment.Factor f : factors) {
        keep[0] *= 1 - f.strength();
        int t = table(f.family());
        if (t > 0) {
          keep[t] *= 1 - f.strength();
        }
        hardStop[i] |= f.hardStop();
      }
      for (int t = 0; t < tables; t++) {
        ownRisk[t][i] = 1 - keep[t];
      }
    }

    int tiers = params.maxTiers();
    boolean[] near = prev == null ? null : near(prev, chain, changed, tiers);
    Table[] table = new Table[tables];
    for (int t = 0; t < tables; t++) {
      table[t] = new Table(ownRisk[t], tiers);
      if (prev == null) {
        propagate(chain, table[t], tiers);
      } else {
        propagate(prev.tables[t], chain, table[t], tiers, near);
      }
    }

    Assessment[] out = new Assessment[n];
    boolean[] assessed = new boolean[n];
    boolean sameLevels = prev != null;
    for (int t = 0; sameLevels && t < tables; t++) {
      sameLevels = prev.tables[t].level == table[t].level;
    }
    for (int i = 0; i < n; i++) {
      if (sameLevels && !changed[i] && (!near[i] || readsTheSame(i, prev.tables, table))) {
        out[i] = prev.assessments[i];
        continue;
      }
      Assessment a = assemble(chain, i, own.get(i), hardStop[i], table);
      // A table that converged at another level (the first evidence of a portfolio deepens the
      // evidence propagation) reads other tiers: assembled again, an unchanged supplier's
      // assessment is still the previous one, and is kept as it (its row holds).
      if (prev != null && !changed[i] && a.equals(prev.assessments[i])) {
        out[i] = prev.assessments[i];
      } else {
        out[i] = a;
        assessed[i] = true;
      }
    }
    State state = new State(chain, asOf, params, own, hardStop, table, out);
    if (prev != null) {
      state.buyers = prev.buyers;
    }
    return new Scored(out, state, assessed);
  }

  /** The table a family's factors count in besides the score's (0): 1 + its dimension's index. */
  private int table(String family) {
    String d = dimensionOf.get(family);
    return d == null ? 0 : 1 + DIMENSIONS.indexOf(d);
  }

  /** Every tier of propagation over the whole chain, recording the level it converged at. */
  private void propagate(SupplyChain chain, Table t, int tiers) {
    int n = chain.size();
    double[][] risk = t.risk;
    int[][] best = t.best;
    risk[0] = t.own.clone();
    best[0] = new int[n];
    Arrays.fill(best[0], -1);
    int level = 0;
    for (int k = 1; k <= tiers; k++) {
      risk[k] = new double[n];
      best[k] = new int[n];
      boolean moved = false;
      for (int i = 0; i < n; i++) {
        moved |= step(chain, i, k, t.own, risk, best);
      }
      level = k;
      if (!moved) {
        break;
      }
    }
    t.level = level;
  }

  /**
   * risk[k][i] and best[k][i] from the tier below; whether risk[k][i] differs from risk[k-1][i].
   */
  private boolean step(
      SupplyChain chain, int i, int k, double[] ownRisk, double[][] risk, int[][] best) {
    double up = 0;
    int arg = -1;
    for (int e = chain.from(i); e < chain.to(i); e++) {
      int s = chain.target(e);
      double v = risk[k - 1][s] * params.tierDecay();
      if (v > up) {
        up = v;
        arg = s;
      }
    }
    risk[k][i] = 1 - (1 - ownRisk[i]) * (1 - up);
    best[k][i] = arg;
    return risk[k][i] != risk[k - 1][i];
  }

  /**
   * The same propagation from an earlier one, recomputing only the suppliers {@code near} a change
   * (those a changed supplier is at most {@code maxTiers} tiers below): every other supplier's risk
   * at every tier is the earlier one (it reads nothing that changed), and past the tier the earlier
   * propagation converged at it stays as it was there.
   */
  private void propagate(Table prev, SupplyChain chain, Table t, int tiers, boolean[] near) {
    int n = chain.size();
    double[][] risk = t.risk;
    int[][] best = t.best;
    risk[0] = t.own.clone();
    best[0] = prev.best[0];
    int level = 0;
    for (int k = 1; k <= tiers; k++) {
      int was = Math.min(k, prev.level);
      risk[k] = prev.risk[was].clone();
      best[k] = prev.best[was].clone();
      boolean moved = false;
      for (int i = 0; i < n; i++) {
        if (near[i]) {
          moved |= step(chain, i, k, t.own, risk, best);
        } else if (k <= prev.level) {
          moved |= prev.risk[k][i] != prev.risk[k - 1][i];
        }
      }
      level = k;
      if (!moved) {
        break;
      }
    }
    t.level = level;
  }

  /** Each supplier's buyers, as CSR arrays: buyers of s are ids[offsets[s] .. offsets[s + 1]). */
  private record Buyers(int[] offsets, int[] ids) {
    static Buyers of(SupplyChain chain) {
      int n = chain.size();
      int[] count = new int[n + 1];
      for (int i = 0; i < n; i++) {
        for (int e = chain.from(i); e < chain.to(i); e++) {
          count[chain.target(e) + 1]++;
        }
      }
      for (int i = 0; i < n; i++) {
        count[i + 1] += count[i];
      }
      int[] ids = new int[count[n]];
      int[] at = Arrays.copyOf(count, n);
      for (int i = 0; i < n; i++) {
        for (int e = chain.from(i); e < chain.to(i); e++) {
          ids[at[chain.target(e)]++] = i;
        }
      }
      return new Buyers(count, ids);
    }
  }

  /** The suppliers at most {@code tiers} buyer links above a changed one (the changed included). */
  private static boolean[] near(State prev, SupplyChain chain, boolean[] changed, int tiers) {
    int n = chain.size();
    Buyers buyers = prev.buyers;
    if (buyers == null) {
      buyers = Buyers.of(chain);
      prev.buyers = buyers;
    }
    boolean[] near = new boolean[n];
    int[] frontier = new int[n];
    int size = 0;
    for (int i = 0; i < n; i++) {
      if (changed[i]) {
        near[i] = true;
        frontier[size++] = i;
      }
    }
    int[] next = new int[n];
    for (int d = 0; d < tiers && size > 0; d++) {
      int m = 0;
      for (int f = 0; f < size; f++) {
        int s = frontier[f];
        for (int e = buyers.offsets()[s]; e < buyers.offsets()[s + 1]; e++) {
          int b = buyers.ids()[e];
          if (!near[b]) {
            near[b] = true;
            next[m++] = b;
          }
        }
      }
      int[] t = frontier;
      frontier = next;
      next = t;
      size = m;
    }
    return near;
  }

  /**
   * Whether every value {@link #assemble} reads for supplier i is the previous scoring's, in each
   * table: its risk at the final level, the supplier its upstream risk came from, and each step of
   * the path.
   */
  private static boolean readsTheSame(int i, Table[] prev, Table[] now) {
    for (int t = 0; t < now.length; t++) {
      if (!readsTheSame(i, prev[t], now[t])) {
        return false;
      }
    }
    return true;
  }

  private static boolean readsTheSame(int i, Table prev, Table now) {
    int level = now.level;
    double[][] risk = now.risk;
    int[][] best = now.best;
    if (risk[level][i] != prev.risk[level][i] || best[level][i] != prev.best[level][i]) {
      return false;
    }
    int at = best[level][i];
    for (int k = level - 1; at >= 0 && k >= 0; k--) {
      if (now.own[at] != prev.own[at] || risk[k][at] != prev.risk[k][at]) {
        return false;
      }
      if (k > 0 && best[k][at] != prev.best[k][at]) {
        return false;
      }
      at = k > 0 ? best[k][at] : -1;
    }
    return true;
  }

  private List<Assessment.Factor> ownFactors(List<Signal> signals, LocalDate asOf) {
    List<Assessment.Factor> factors = new ArrayList<>();
    Map<String, List<Signal>> byFamily = new java.util.TreeMap<>();
    for (Signal s : signals) {
      byFamily.computeIfAbsent(s.family(), f -> new ArrayList<>()).add(s);
    }
    for (var entry : byFamily.entrySet()) {
      ScoringParameters.Family family = params.family(entry.getKey());
      List<Assessment.Factor> candidates = new ArrayList<>();
      for (Signal s : entry.getValue()) {
        double f =
            Math.min(params.maxStrength(), family.weight() * s.strength() * recency(s, asOf));
        if (f > 0 || s.hardStop()) {
          candidates.add(
              new Assessment.Factor(
                  factorId(s), s.family(), s.rule(), f, 0, s.evidence(), s.hardStop()));
        }
      }
      candidates.sort(
          Comparator.comparingDouble(Assessment.Factor::strength)
              .reversed()
              .thenComparing(Assessment.Factor::id));
      if (family.max() && !candidates.isEmpty()) {
        Assessment.Factor top = candidates.get(0);
        factors.add(top);
        if (!top.hardStop()) {
          // The strongest signal sets the family's strength even when a weaker one is a hard stop
          // (counting the hard stop's strength instead let an added signal lower the score). The
          // hard stop stays listed, dominated by the max (strength 0), to explain the band.
          candidates.stream()
              .filter(Assessment.Factor::hardStop)
              .findFirst()
              .ifPresent(h -> factors.add(withStrength(h, 0)));
        }
      } else {
        factors.addAll(candidates);
      }
    }
    return factors;
  }

  private static Assessment.Factor withStrength(Assessment.Factor f, double strength) {
    return new Assessment.Factor(
        f.id(), f.family(), f.rule(), strength, f.contribution(), f.evidence(), f.hardStop());
  }

  private static String factorId(Signal s) {
    return s.rule() + (s.evidence().isEmpty() ? "" : "|" + String.join(",", s.evidence()));
  }

  private double recency(Signal s, LocalDate asOf) {
    if (s.observedOn() == null) {
      return 1;
    }
    long days = Math.max(0, ChronoUnit.DAYS.between(s.observedOn(), asOf));
    return Math.pow(0.5, days / params.halfLifeDays());
  }

  private Assessment assemble(
      SupplyChain chain, int i, List<Assessment.Factor> own, boolean hardStop, Table[] tables) {
    Upstream[] up = new Upstream[tables.length];
    for (int t = 0; t < tables.length; t++) {
      up[t] = upstream(chain, i, tables[t]);
    }
    return finish(chain.id(i), own, hardStop, up);
  }

  /** A supplier's risk in one table, with the upstream factor and path it came by (or none). */
  private record Upstream(double total, Assessment.Factor factor, List<Assessment.PathStep> path) {}

  private Upstream upstream(SupplyChain chain, int i, Table t) {
    int level = t.level;
    double total = t.risk[level][i];
    int from = t.best[level][i];
    if (from < 0) {
      return new Upstream(total, null, List.of());
    }
    List<Assessment.PathStep> path = new ArrayList<>();
    double up = t.risk[level - 1][from] * params.tierDecay();
    // Follow the tiers the computation used: in a cycle the path may come back to a supplier,
    // exactly as its risk did (at most maxTiers steps, so the walk is short and bounded).
    int at = from;
    for (int k = level - 1, tier = 1; at >= 0 && k >= 0; k--, tier++) {
      path.add(new Assessment.PathStep(chain.id(at), tier, t.own[at], t.risk[k][at]));
      at = k > 0 ? t.best[k][at] : -1;
    }
    return new Upstream(total, upstream(chain.id(from), up, path), path);
  }

  /**
   * Scores one supplier outside the chain — a prospect — from its own signals and the current risk
   * of the direct suppliers it would buy from: the same model, bands and explanations as {@link
   * #score}.
   */
  public Assessment assess(
      String id, List<Signal> signals, Map<String, Assessment.Risks> supplierRisk, LocalDate asOf) {
    List<Assessment.Factor> own = ownFactors(signals, asOf);
    int tables = 1 + DIMENSIONS.size();
    double[] keep = new double[tables];
    Arrays.fill(keep, 1);
    boolean hardStop = false;
    for (Assessment.Factor f : own) {
      keep[0] *= 1 - f.strength();
      int t = table(f.family());
      if (t > 0) {
        keep[t] *= 1 - f.strength();
      }
      hardStop |= f.hardStop();
    }
    Upstream[] ups = new Upstream[tables];
    for (int t = 0; t < tables; t++) {
      String from = null;
      double up = 0;
      for (var e : new java.util.TreeMap<>(supplierRisk).entrySet()) {
        double v = e.getValue().of(t) * params.tierDecay();
        if (v > up) {
          up = v;
          from = e.getKey();
        }
      }
      double total = 1 - keep[t] * (1 - up);
      if (from == null) {
        ups[t] = new Upstream(total, null, List.of());
      } else {
        double risk = supplierRisk.get(from).of(t);
        List<Assessment.PathStep> path = List.of(new Assessment.PathStep(from, 1, risk, risk));
        ups[t] = new Upstream(total, upstream(from, up, path), path);
      }
    }
    return finish(id, own, hardStop, ups);
  }

  private static Assessment.Factor upstream(
      String from, double up, List<Assessment.PathStep> path) {
    return new Assessment.Factor(
        UPSTREAM + "|" + from,
        UPSTREAM,
        UPSTREAM,
        up,
        0,
        path.stream().map(Assessment.PathStep::supplierId).toList(),
        false);
  }

  /** The assessment from the score's table (ups[0]) and each dimension's (ups[1..]). */
  private Assessment finish(
      String id, List<Assessment.Factor> own, boolean hardStop, Upstream[] ups) {
    double total = ups[0].total();
    int score = (int) Math.round(100 * total);
    List<Assessment.Factor> factors = new ArrayList<>(own);
    if (ups[0].factor() != null) {
      factors.add(ups[0].factor());
    }
    factors = withContributions(factors, score);
    Assessment.Dimension[] dims = new Assessment.Dimension[DIMENSIONS.size()];
    for (int d = 0; d < dims.length; d++) {
      String name = DIMENSIONS.get(d);
      List<Assessment.Factor> mine = new ArrayList<>();
      boolean stop = false;
      for (Assessment.Factor f : own) {
        if (name.equals(dimensionOf.get(f.family()))) {
          mine.add(f);
          stop |= f.hardStop();
        }
      }
      Upstream u = ups[1 + d];
      if (u.factor() != null) {
        mine.add(u.factor());
      }
      int s = (int) Math.round(100 * u.total());
      dims[d] =
          new Assessment.Dimension(
              u.total(), s, params.band(s, stop), withContributions(mine, s), u.path());
    }
    return new Assessment(
        id,
        total,
        score,
        params.band(score, hardStop),
        hardStop,
        factors,
        ups[0].path(),
        hash(id, factors, total),
        dims[0],
        dims[1]);
  }

  /**
   * Shares the score among factors in proportion to ln(1 − fᵢ), rounded to hundredths so that the
   * shares add up exactly to the score (largest remainder).
   */
  static List<Assessment.Factor> withContributions(List<Assessment.Factor> factors, int score) {
    double sum = 0;
    for (Assessment.Factor f : factors) {
      sum += Math.log1p(-f.strength());
    }
    if (factors.isEmpty() || sum == 0) {
      return factors.stream().map(f -> withContribution(f, 0)).toList();
    }
    long target = score * 100L;
    long[] cents = new long[factors.size()];
    double[] rest = new double[factors.size()];
    long assigned = 0;
    for (int j = 0; j < factors.size(); j++) {
      double exact = target * Math.log1p(-factors.get(j).strength()) / sum;
      cents[j] = (long) Math.floor(exact);
      rest[j] = exact - cents[j];
      assigned += cents[j];
    }
    Integer[] order = new Integer[factors.size()];
    for (int j = 0; j < order.length; j++) {
      order[j] = j;
    }
    Arrays.sort(
        order,
        (a, b) -> rest[a] != rest[b] ? Double.compare(rest[b], rest[a]) : Integer.compare(a, b));
    for (int j = 0; assigned < target; j = (j + 1) % order.length) {
      cents[order[j]]++;
      assigned++;
    }
    List<Assessment.Factor> out = new ArrayList<>(factors.size());
    for (int j = 0; j < factors.size(); j++) {
      out.add(withContribution(factors.get(j), cents[j] / 100.0));
    }
    out.sort(
        Comparator.comparingDouble(Assessment.Factor::contribution)
            .reversed()
            .thenComparing(Assessment.Factor::id));
    return out;
  }

  private static Assessment.Factor withContribution(Assessment.Factor f, double c) {
    return new Assessment.Factor(
        f.id(), f.family(), f.rule(), f.strength(), c, f.evidence(), f.hardStop());
  }

  private String hash(String id, List<Assessment.Factor> all, double total) {
    // SHA-256 of: id, "\n" factor "=" strength for each factor, "\n" total "\n" parameters. The
    // parameters' bytes are encoded once; the digest is the same as over the whole text.
    StringBuilder sb = new StringBuilder(id);
    for (Assessment.Factor f : all) {
      sb.append('\n').append(f.id()).append('=');
      hex(sb, f.strength());
    }
    sb.append('\n');
    hex(sb, total);
    sb.append('\n');
    MessageDigest md = sha256();
    md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
    md.update(paramsBytes);
    return HexFormat.of().formatHex(md.digest());
  }

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });

  private static MessageDigest sha256() {
    MessageDigest md = SHA256.get();
    md.reset();
    return md;
  }

  /**
   * Appends exactly {@link Double#toHexString}'s text (inputs hashes of stored scores depend on it)
   * without the regular expression it compiles on every call to strip trailing zeros.
   */
  static void hex(StringBuilder sb, double d) {
    if (!Double.isFinite(d)) {
      sb.append(Double.toString(d));
      return;
    }
    if (Math.copySign(1.0, d) == -1.0) {
      sb.append('-');
    }
    sb.append("0x");
    d = Math.abs(d);
    if (d == 0.0) {
      sb.append("0.0p0");
      return;
    }
    boolean subnormal = d < Double.MIN_NORMAL;
    long bits = (Double.doubleToLongBits(d) & 0x000FFFFFFFFFFFFFL) | 0x1000000000000000L;
    sb.append(subnormal ? "0." : "1.");
    String signif = Long.toHexString(bits).substring(3, 16);
    int end = signif.length();
    while (end > 1 && signif.charAt(end - 1) == '0') {
      end--;
    }
    sb.append(signif, 0, end);
    sb.append('p').append(subnormal ? Double.MIN_EXPONENT : Math.getExponent(d));
  }
}
