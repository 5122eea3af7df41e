package org.libertas.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;
import org.libertas.ontology.Ontology;
import org.libertas.ontology.OntologyLoader;

/**
 * A synthetic, seeded supply graph — for the benchmarks, and for draft validation, which runs every
 * rule a draft adds or changes on one of realistic size before it can be published: N suppliers
 * over T tiers (sizes 1:2:4:…, brands at tier 0), each supplier in tier t ≥ 1 selling to 1–3 buyers
 * in tier t−1 and 1 % of links going back up (so cycles). Countries, sectors and commodities are
 * drawn per tier from weighted lists (brands in Europe and North America, raw materials from
 * countries on the ILAB list); about a third of the suppliers below tier 0 use labour recruiters
 * from a shared pool, a few of them blacklisted recruiters under spelling variants; one supplier in
 * ten has 1–3 audit findings. Same seed, same bytes.
 *
 * <p>Writes the four CSV kinds of docs/api.md and {@code data.nt}: the distinct data triples the
 * product's own {@link RowMapper} makes of those files (what an upload writes, less provenance), so
 * a peer loads exactly the same triples. Run: {@code SupplyGraphGenerator <n> <dir> [seed]
 * [tiers]}.
 */
public final class SupplyGraphGenerator {
  /** The tenant the N-Triples are minted for (IRIs embed the tenant). */
  public static final String TENANT = "bench";

  private static final String[] BRAND_COUNTRIES = {"DE", "FR", "US", "GB", "NL", "SE", "JP", "CA"};
  private static final String[] MAKER_COUNTRIES = {
    "CN", "CN", "CN", "VN", "VN", "TH", "MY", "BD", "BD", "IN", "IN", "ID", "TR", "MX", "KH", "PK"
  };
  private static final String[] RAW_COUNTRIES = {
    "CN", "IN", "BR", "PE", "PE", "GH", "UZ", "TH", "ID", "MY", "CD", "BO", "PH", "TM", "KZ"
  };
  private static final String[][] REGIONS = {
    {"CN", "CN-XJ"}, {"CN", "CN-GD"}, {"CN", "CN-JS"}, {"PE", "PE-MDD"}, {"PE", "PE-PUN"},
    {"TH", "TH-10"}, {"TH", "TH-90"}, {"VN", "VN-SG"}, {"IN", "IN-TN"}, {"MY", "MY-10"},
    {"ID", "ID-JB"}, {"BR", "BR-PA"}, {"MX", "MX-JAL"}, {"TR", "TR-34"}, {"GH", "GH-AH"},
    {"UZ", "UZ-TO"}
  };
  private static final String[] MAKER_SECTORS = {
    "manufacturing", "textiles-garments", "electronics", "solar", "seafood-processing", "logistics"
  };
  private static final String[] RAW_SECTORS = {
    "agriculture", "mining", "artisanal-mining", "fishing", "aquaculture", "construction"
  };
  private static final String[] MAKER_GOODS = {
    "garments",
    "electronics",
    "solar-modules",
    "footwear",
    "textiles",
    "rubber-gloves",
    "furniture",
    "bricks",
    "shrimp",
    "fish"
  };
  private static final String[] RAW_GOODS = {
    "cotton",
    "gold",
    "cocoa",
    "coffee",
    "polysilicon",
    "tin",
    "cobalt",
    "sugarcane",
    "crude-palm-oil",
    "rice",
    "tea",
    "rubber",
    "shrimp",
    "fish",
    "timber",
    "mica"
  };
  private static final String[] INDICATORS = {
    "abuse-of-vulnerability",
    "deception",
    "restriction-of-movement",
    "isolation",
    "physical-and-sexual-violence",
    "intimidation-and-threats",
    "retention-of-identity-documents",
    "withholding-of-wages",
    "debt-bondage",
    "abusive-working-and-living-conditions",
    "excessive-overtime"
  };
  // Names as in ontology/reference/recruiter-blacklist.ttl, written differently by auditors.
  private static final String[][] BLACKLISTED = {
    {"Golden Bridge Manpower Company Limited", "MM"},
    {"GOLDEN BRIDGE MANPOWER CO LTD", "MM"},
    {"Al-Noor Overseas Employment Services", "PK"},
    {"Sahara Workforce Solutions Sdn. Bhd.", "MY"},
    {"Pacific Crew Placement Agency, Inc.", "PH"},
    {"Bina Karya Tenaga Mandiri PT", "ID"},
    {"Dhaka Global H.R. Consultants Limited", "BD"},
    {"Mekong Labour Link Company Limited", "TH"}
  };
  private static final String[] WORDS = {
    "Golden",
    "Pacific",
    "Delta",
    "Lotus",
    "Phoenix",
    "Harmony",
    "Sunrise",
    "Eastern",
    "Royal",
    "Prime",
    "Unity",
    "Summit",
    "Jade",
    "Coral",
    "Crescent",
    "Bright",
    "Evergreen",
    "Silver",
    "Ocean",
    "Northern",
    "Star",
    "Mekong",
    "Himalaya",
    "Andes",
    "Sahel",
    "Atlas",
    "Orchid",
    "Tiger",
    "Falcon",
    "Horizon",
    "Meridian",
    "Zenith",
    "Global",
    "United",
    "Grand",
    "Pearl",
    "Emerald",
    "River",
    "Mountain",
    "Valley"
  };
  private static final String[] MAKER_NOUNS = {
    "Textiles",
    "Garments",
    "Electronics",
    "Components",
    "Apparel",
    "Industries",
    "Manufacturing",
    "Seafood",
    "Solar",
    "Plastics",
    "Footwear",
    "Trading"
  };
  private static final String[] RAW_NOUNS = {
    "Mining",
    "Farms",
    "Plantation",
    "Fisheries",
    "Cotton Cooperative",
    "Minerals",
    "Estates",
    "Agro",
    "Quarry",
    "Gold Traders"
  };
  private static final String[] LEGAL = {
    "Co., Ltd.", "Ltd", "LLC", "S.A.", "GmbH", "Sdn Bhd", "PT"
  };
  private static final String[] RECRUITER_NOUNS = {
    "Manpower",
    "Overseas Employment",
    "Labour Supply",
    "Workforce Solutions",
    "HR Consultants",
    "Recruitment Agency",
    "Crew Placement",
    "Employment Services"
  };

  /** The four files, as CSV text. */
  public record Files4(String suppliers, String relationships, String recruiters, String findings) {
    public String of(CsvKind kind) {
      return switch (kind) {
        case SUPPLIERS -> suppliers;
        case RELATIONSHIPS -> relationships;
        case RECRUITERS -> recruiters;
        case FINDINGS -> findings;
        case OPENSUPPLYHUB -> throw new IllegalArgumentException("not generated");
      };
    }
  }

  public static final List<CsvKind> KINDS =
      List.of(CsvKind.SUPPLIERS, CsvKind.RELATIONSHIPS, CsvKind.RECRUITERS, CsvKind.FINDINGS);

  private final long seed;
  private final int tiers;

  public SupplyGraphGenerator(long seed, int tiers) {
    this.seed = seed;
    this.tiers = tiers;
  }

  /** Supplier id of index i (0-based); ids sort in index order. */
  public static String id(int i) {
    return String.format(Locale.ROOT, "S%07d", i);
  }

  /** The tier of each supplier index: sizes 1:2:4:… so the deepest tier is the largest. */
  public int[] tiers(int n) {
    int[] out = new int[n];
    long total = (1L << tiers) - 1;
    int start = 0;
    for (int t = 0; t < tiers; t++) {
      int size =
          t == tiers - 1
              ? n - start
              : (int) Math.max(1, Math.round(n * (double) (1L << t) / total));
      for (int i = start; i < Math.min(n, start + size); i++) {
        out[i] = t;
      }
      start += size;
    }
    return out;
  }

  public Files4 generate(int n) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] tier = tiers(n);
    int[] tierStart = new int[tiers + 1];
    for (int t = 0, i = 0; t <= tiers; t++) {
      while (i < n && tier[i] < t) {
        i++;
      }
      tierStart[t] = i;
    }
    tierStart[tiers] = n;
    String[] country = new String[n];
    StringBuilder s =
        new StringBuilder(
            "supplier_id,name,country,region,sector,commodities,worker_count,migrant_worker_share,"
                + "registration_id,address\n");
    for (int i = 0; i < n; i++) {
      int t = tier[i];
      boolean brand = t == 0;
      boolean raw = t >= Math.max(1, tiers - 2);
      String c =
          brand
              ? pick(rnd, BRAND_COUNTRIES)
              : raw ? pick(rnd, RAW_COUNTRIES) : pick(rnd, MAKER_COUNTRIES);
      country[i] = c;
      String region = "";
      if (!brand && rnd.nextInt(4) == 0) {
        List<String> options = new ArrayList<>();
        for (String[] r : REGIONS) {
          if (r[0].equals(c)) {
            options.add(r[1]);
          }
        }
        if (!options.isEmpty()) {
          region = options.get(rnd.nextInt(options.size()));
        }
      }
      String sector = brand ? "retail" : raw ? pick(rnd, RAW_SECTORS) : pick(rnd, MAKER_SECTORS);
      Set<String> goods = new LinkedHashSet<>();
      int k = 1 + rnd.nextInt(brand ? 3 : 2);
      for (int j = 0; j < k; j++) {
        goods.add(raw ? pick(rnd, RAW_GOODS) : pick(rnd, MAKER_GOODS));
      }
      int workers = brand ? 500 + rnd.nextInt(20_000) : 20 + rnd.nextInt(3_000);
      String share = rnd.nextInt(5) == 0 ? "" : decimal(rnd.nextDouble() * (raw ? 0.8 : 0.5));
      String name =
          pick(rnd, WORDS)
              + " "
              + (rnd.nextBoolean() ? pick(rnd, WORDS) + " " : "")
              + (raw ? pick(rnd, RAW_NOUNS) : pick(rnd, MAKER_NOUNS))
              + " "
              + pick(rnd, LEGAL);
      row(
          s,
          id(i),
          name,
          c,
          region,
          sector,
          String.join("|", goods),
          Integer.toString(workers),
          share,
          "REG-" + c + "-" + (100_000 + rnd.nextInt(900_000)),
          (1 + rnd.nextInt(400)) + " Industrial Road " + (1 + rnd.nextInt(50)) + ", " + c);
    }

    StringBuilder r = new StringBuilder("buyer_id,supplier_id,commodity,annual_volume,since\n");
    for (int i = tierStart[1]; i < n; i++) {
      int t = tier[i];
      int from = tierStart[t - 1];
      int size = tierStart[t] - from;
      Set<Integer> buyers = new LinkedHashSet<>();
      int k = 1 + rnd.nextInt(3);
      for (int j = 0; j < k; j++) {
        buyers.add(from + rnd.nextInt(size));
      }
      if (t < tiers - 1 && tierStart[t + 2] > tierStart[t + 1] && rnd.nextInt(100) == 0) {
        // A buyer deeper down buys back from this supplier: a cycle through the chain.
        int deeper = tierStart[t + 1] + rnd.nextInt(tierStart[t + 2] - tierStart[t + 1]);
        buyers.add(deeper);
      }
      for (int b : buyers) {
        row(
            r,
            id(b),
            id(i),
            tier[i] >= Math.max(1, tiers - 2) ? pick(rnd, RAW_GOODS) : pick(rnd, MAKER_GOODS),
            Integer.toString(100 + rnd.nextInt(1_000_000)),
            LocalDate.of(2015 + rnd.nextInt(11), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28))
                .toString());
      }
    }

    int poolSize = Math.max(20, n / 25);
    String[][] pool = new String[poolSize][];
    for (int p = 0; p < poolSize; p++) {
      String home = pick(rnd, new String[] {"MM", "NP", "BD", "PH", "ID", "KH", "IN", "VN"});
      pool[p] =
          new String[] {
            pick(rnd, WORDS)
                + " "
                + pick(rnd, WORDS)
                + " "
                + pick(rnd, RECRUITER_NOUNS)
                + " "
                + pick(rnd, LEGAL)
                + " "
                + p,
            home,
            rnd.nextInt(6) == 0 ? "" : home + "-LIC-" + (10_000 + rnd.nextInt(90_000))
          };
    }
    StringBuilder rec =
        new StringBuilder(
            "supplier_id,recruiter_name,recruiter_country,licence_number,origin_country,"
                + "workers_recruited,worker_paid_fees\n");
    for (int i = tierStart[1]; i < n; i++) {
      if (rnd.nextInt(3) != 0) {
        continue;
      }
      Set<String> used = new HashSet<>();
      int k = 1 + rnd.nextInt(2);
      for (int j = 0; j < k; j++) {
        String[] who;
        if (rnd.nextInt(400) == 0) {
          String[] b = BLACKLISTED[rnd.nextInt(BLACKLISTED.length)];
          who = new String[] {b[0], b[1], ""};
        } else {
          who = pool[rnd.nextInt(poolSize)];
        }
        if (!used.add(who[0])) {
          continue;
        }
        row(
            rec,
            id(i),
            who[0],
            who[1],
            who[2],
            who[1],
            Integer.toString(5 + rnd.nextInt(500)),
            rnd.nextInt(5) == 0 ? "yes" : "no");
      }
    }

    StringBuilder f =
        new StringBuilder("supplier_id,indicator,observed_on,severity,status,auditor,evidence\n");
    String[] severities = {"low", "medium", "high"};
    for (int i = 0; i < n; i++) {
      if (rnd.nextInt(10) != 0) {
        continue;
      }
      int k = 1 + rnd.nextInt(3);
      for (int j = 0; j < k; j++) {
        row(
            f,
            id(i),
            pick(rnd, INDICATORS),
            LocalDate.of(2023 + rnd.nextInt(3), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28))
                .toString(),
            pick(rnd, severities),
            rnd.nextInt(4) == 0 ? "remediated" : "open",
            "Auditor " + (1 + rnd.nextInt(40)),
            "Observed during site visit " + (1 + rnd.nextInt(10_000)) + "; workers interviewed.");
      }
    }
    return new Files4(s.toString(), r.toString(), rec.toString(), f.toString());
  }

  /**
   * The distinct data triples the product's validation and mapping make of the files, for {@link
   * #TENANT}. Throws the product's ValidationException if a file does not pass.
   */
  public static Set<Triple> triples(Files4 files, Ontology ontology) {
    ReferenceCodes codes = ReferenceCodes.of(ontology);
    CsvLimits limits = new CsvLimits(512L * 1024 * 1024, 50_000_000, 10_000, 100, 1_000);
    Set<Triple> out = new LinkedHashSet<>();
    Set<String> known = new HashSet<>();
    for (CsvKind kind : KINDS) {
      CsvTable table = CsvTable.read(files.of(kind).getBytes(StandardCharsets.UTF_8), null, limits);
      var parsed = new RowMapper(kind, table, codes, TENANT, known::contains, 1_000).map();
      out.addAll(parsed.triples());
      if (kind == CsvKind.SUPPLIERS) {
        known.addAll(parsed.supplierIds());
      }
    }
    return out;
  }

  /** Writes {kind}.csv for the four kinds and data.nt; returns the number of triples. */
  public static long write(Files4 files, Ontology ontology, Path dir) {
    try {
      Files.createDirectories(dir);
      for (CsvKind kind : KINDS) {
        Files.writeString(dir.resolve(kind.code() + ".csv"), files.of(kind));
      }
      Set<Triple> triples = triples(files, ontology);
      try (OutputStream out =
          new java.io.BufferedOutputStream(Files.newOutputStream(dir.resolve("data.nt")))) {
        StreamRDF w = StreamRDFWriter.getWriterStream(out, Lang.NTRIPLES);
        w.start();
        triples.forEach(w::triple);
        w.finish();
      }
      return triples.size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]);
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42L;
    int tiers = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    long t0 = System.nanoTime();
    Files4 files = new SupplyGraphGenerator(seed, tiers).generate(n);
    Ontology o = OntologyLoader.load(OntologyLoader.bundledDirectory(), 1);
    long triples = write(files, o, dir);
    System.out.printf(
        Locale.ROOT,
        "generated %,d suppliers in %d tiers (seed %d): %,d triples in %s, %.1f s%n",
        n,
        tiers,
        seed,
        triples,
        dir,
        (System.nanoTime() - t0) / 1e9);
  }

  private static String pick(SplittableRandom rnd, String[] values) {
    return values[rnd.nextInt(values.length)];
  }

  private static String decimal(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static void row(StringBuilder sb, String... cells) {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      String c = cells[i];
      if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0) {
        sb.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(c);
      }
    }
    sb.append('\n');
  }
}
