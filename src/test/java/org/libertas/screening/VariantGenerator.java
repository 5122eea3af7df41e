package org.libertas.screening;

import com.ibm.icu.text.Transliterator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generates a screening list and the queries to test it with, from word lists and a seed, so recall
 * and precision are measured on the same data every run. Queries are variants of listed names (the
 * kinds of drift seen in supplier uploads) and unrelated names built from the same vocabulary.
 */
final class VariantGenerator {

  static final String[] PLACES = {
    "Yangon",
    "Mandalay",
    "Kathmandu",
    "Pokhara",
    "Dhaka",
    "Chittagong",
    "Manila",
    "Cebu",
    "Jakarta",
    "Surabaya",
    "Medan",
    "Colombo",
    "Karachi",
    "Lahore",
    "Hanoi",
    "Haiphong",
    "Bangkok",
    "Phuket",
    "Penang",
    "Kuching",
    "Lima",
    "Callao",
    "Arequipa",
    "Cusco",
    "Dubai",
    "Sharjah",
    "Doha",
    "Riyadh",
    "Kampala",
    "Nairobi",
    "Mombasa",
    "Accra",
    "Lagos",
    "Tashkent",
    "Almaty",
    "Bishkek",
    "Dushanbe",
    "Urumqi",
    "Kashgar",
    "Hotan"
  };
  static final String[] ADJECTIVES = {
    "Golden", "Silver", "Royal", "Global", "United", "Pacific", "Eastern", "Western", "Northern",
    "Southern", "Grand", "Bright", "Noble", "Prime", "Supreme", "Modern", "Classic", "Green",
    "Blue", "Crimson", "Diamond", "Crystal", "Imperial", "Sacred", "Lucky", "Happy", "Brave",
    "Swift", "Steady", "Honest", "Faithful", "Trusted", "Sincere", "Harmony", "Unity", "Liberty",
    "Victory", "Fortune", "Evergreen", "Sunrise", "Horizon", "Summit", "Zenith", "Pioneer"
  };
  static final String[] NOUNS = {
    "Bridge",
    "River",
    "Mountain",
    "Lotus",
    "Tiger",
    "Dragon",
    "Ocean",
    "Harbor",
    "Crown",
    "Phoenix",
    "Eagle",
    "Falcon",
    "Lion",
    "Elephant",
    "Pearl",
    "Jade",
    "Orchid",
    "Bamboo",
    "Cedar",
    "Maple",
    "Willow",
    "Star",
    "Moon",
    "Valley",
    "Island",
    "Coast",
    "Delta",
    "Forest",
    "Garden",
    "Gate",
    "Tower",
    "Castle",
    "Anchor",
    "Compass",
    "Beacon",
    "Harvest",
    "Meadow",
    "Canyon",
    "Glacier",
    "Rainbow",
    "Thunder",
    "Wave",
    "Stone",
    "Bay"
  };
  static final String[] TRADES = {
    "Manpower",
    "Recruitment",
    "Overseas Employment",
    "Human Resources",
    "Employment Agency",
    "Labour Supply",
    "Workforce Solutions",
    "Staffing",
    "Trading",
    "Textiles",
    "Garments",
    "Apparel",
    "Fisheries",
    "Seafood",
    "Marine Products",
    "Palm Oil",
    "Plantation",
    "Rubber",
    "Mining",
    "Minerals",
    "Logistics",
    "Shipping",
    "Construction",
    "Cotton",
    "Polysilicon",
    "Electronics",
    "Footwear",
    "Agro Industries",
    "Travels and Tours",
    "Consultancy"
  };

  /** Renderings of one legal form; a variant may swap one for another or drop it. */
  static final String[][] SUFFIX_FORMS = {
    {"Co., Ltd.", "Company Limited", "Co Ltd", "CO.,LTD", "Co. Ltd"},
    {"Pvt. Ltd.", "Private Limited", "Pvt Ltd", "(Pvt.) Ltd."},
    {"Sdn. Bhd.", "Sdn Bhd", "Sendirian Berhad"},
    {"LLC", "L.L.C.", "Limited Liability Company"},
    {"Inc.", "Inc", "Incorporated"},
    {"S.A.C.", "SAC", "S.A.C"},
    {"Ltd", "Limited", "Ltd."},
    {"Corp.", "Corporation", "Corp"},
    {"JSC", "Joint Stock Company", "J.S.C."},
    {"GmbH", "G.m.b.H."},
    {"S.R.L.", "SRL"}
  };

  static final String[][] PREFIX_FORMS = {{"PT", "P.T."}, {"OOO", "ООО", "O.O.O."}};
  static final String[] COUNTRIES = {
    "MM", "NP", "BD", "PH", "ID", "LK", "PK", "VN", "TH", "MY", "PE", "AE", "QA", "SA", "UG", "KE",
    "GH", "NG", "UZ", "KZ", "KG", "TJ", "CN"
  };

  // Native-script names: the list carries the ICU romanisation (as list publishers print it) or a
  // native alias; queries come in the native script.
  static final String[] CHINESE_STEMS = {
    "金桥", "华盛", "东方", "合盛", "宏达", "丰华", "新元", "长江", "天山", "瑞祥"
  };
  static final String[] CHINESE_TRADES = {"劳务", "纺织", "硅业", "贸易", "人力资源", "服装", "渔业"};
  static final String[] CHINESE_FORMS = {"有限公司", "股份有限公司", "有限责任公司"};
  static final String[] CYRILLIC_ADJECTIVES = {
    "Золотой", "Северный", "Восточный", "Новый", "Большой"
  };
  static final String[] CYRILLIC_NOUNS = {"Мост", "Путь", "Берег", "Ветер", "Город"};
  static final String[] CYRILLIC_FORMS = {"ООО", "АО", "ЗАО"};
  static final String[] THAI_STEMS = {"สยาม", "ทอง", "รุ่งเรือง", "เจริญ", "มั่งคั่ง"};
  static final String[] THAI_TRADES = {"ซีฟู้ด", "แรงงาน", "ประมง", "อาหารทะเล", "การเกษตร"};
  static final String[] ARABIC_STEMS = {"النور", "الخليج", "الأمل", "الصحراء", "الفجر"};
  static final String[] ARABIC_TRADES = {"للتوظيف", "للتجارة", "للخدمات", "للمقاولات"};

  /** A query with the entry it should find ({@code null} for unrelated names). */
  record Variant(String kind, Query query, String expectedId) {}

  /**
   * The generated list and its queries. Near misses are listed names with one word replaced: not
   * the same entity as far as the generator knows, but a reviewer would want to see many of them.
   */
  record Dataset(
      List<ListEntry> entries,
      List<Variant> variants,
      List<Query> unrelated,
      List<Query> nearMisses) {}

  private static final int NO_FORM = -1;
  private static final String[] ALL_WORDS = allWords();

  /** How a generated name was built, so variants can be rendered from its parts. */
  private record Parts(List<String> words, int formGroup, int formRendering, boolean prefix) {}

  private final Random random;

  /** Normalised names already listed: two entries must never share one. */
  private final Set<String> seen = new HashSet<>();

  private final NameNormaliser normaliser;
  private final Transliterator latin = Transliterator.getInstance("Any-Latin; Latin-ASCII");

  VariantGenerator(long seed, NameNormaliser normaliser) {
    this.random = new Random(seed);
    this.normaliser = normaliser;
  }

  /**
   * {@code names} generated Latin-script entries plus the native-script set, one variant per entry
   * (kinds drawn at random) and {@code unrelatedCount} unrelated names.
   */
  Dataset generate(int names, int unrelatedCount) {
    List<ListEntry> entries = new ArrayList<>();
    List<Parts> parts = new ArrayList<>();
    seen.clear();
    List<Set<String>> tokenSets = new ArrayList<>();
    while (entries.size() < names) {
      Parts p = randomParts();
      String name = render(p);
      NormalisedName n = normaliser.normalise(name);
      if (!seen.add(n.text())) {
        continue;
      }
      String id = String.format(Locale.ROOT, "R%06d", entries.size());
      List<String> identifiers =
          random.nextInt(10) < 3
              ? List.of(
                  String.format(
                      Locale.ROOT, "RL-%05d/%d", entries.size(), 2060 + random.nextInt(20)))
              : List.of();
      String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
      entries.add(new ListEntry(id, name, List.of(), identifiers, country, "test-blacklist"));
      parts.add(p);
      tokenSets.add(new HashSet<>(n.tokens()));
    }
    List<Variant> variants = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      variants.add(variantOf(entries.get(i), parts.get(i)));
    }
    nativeEntries(entries, variants);
    Map<String, List<Integer>> byToken = new HashMap<>();
    for (int i = 0; i < tokenSets.size(); i++) {
      for (String t : tokenSets.get(i)) {
        byToken.computeIfAbsent(t, k -> new ArrayList<>()).add(i);
      }
    }
    List<Query> unrelated = new ArrayList<>();
    // Names sharing half their tokens with a listed one are near misses, not unrelated; a large
    // list leaves few truly unrelated names in this vocabulary, so stop trying eventually.
    for (int attempts = 0;
        unrelated.size() < unrelatedCount && attempts < 100 * unrelatedCount;
        attempts++) {
      String name = render(randomParts());
      Set<String> tokens = new HashSet<>(normaliser.normalise(name).tokens());
      if (maxJaccard(tokens, tokenSets, byToken) < 0.5) {
        unrelated.add(Query.of(name));
      }
    }
    List<Query> nearMisses = new ArrayList<>();
    for (int i = 0; i < parts.size() && nearMisses.size() < unrelatedCount; i++) {
      List<String> words = new ArrayList<>(parts.get(i).words());
      words.set(random.nextInt(words.size()), pick(ALL_WORDS));
      Parts p = parts.get(i);
      String name = render(new Parts(words, p.formGroup, p.formRendering, p.prefix));
      if (!seen.contains(normaliser.normalise(name).text())) {
        nearMisses.add(Query.of(name));
      }
    }
    return new Dataset(
        List.copyOf(entries),
        List.copyOf(variants),
        List.copyOf(unrelated),
        List.copyOf(nearMisses));
  }

  private Parts randomParts() {
    List<String> words = new ArrayList<>();
    switch (random.nextInt(5)) {
      case 0 -> addAll(words, pick(ADJECTIVES), pick(NOUNS), pick(TRADES));
      case 1 -> addAll(words, pick(PLACES), pick(ADJECTIVES), pick(TRADES));
      case 2 -> addAll(words, pick(NOUNS), pick(PLACES), pick(TRADES));
      case 3 -> addAll(words, pick(ADJECTIVES), pick(NOUNS), pick(PLACES));
      default -> addAll(words, pick(PLACES), pick(NOUNS), pick(ADJECTIVES), pick(TRADES));
    }
    boolean prefix = random.nextInt(8) == 0;
    String[][] forms = prefix ? PREFIX_FORMS : SUFFIX_FORMS;
    int group = random.nextInt(forms.length);
    return new Parts(words, group, random.nextInt(forms[group].length), prefix);
  }

  private static void addAll(List<String> words, String... phrases) {
    for (String phrase : phrases) {
      Collections.addAll(words, phrase.split(" "));
    }
  }

  private String render(Parts p) {
    String words = String.join(" ", p.words);
    if (p.formRendering == NO_FORM) {
      return words;
    }
    String form = (p.prefix ? PREFIX_FORMS : SUFFIX_FORMS)[p.formGroup][p.formRendering];
    return p.prefix ? form + " " + words : words + " " + form;
  }

  private Variant variantOf(ListEntry entry, Parts p) {
    int kind = random.nextInt(entry.identifiers().isEmpty() ? 8 : 9);
    switch (kind) {
      case 0:
        return variant("reordered", reordered(p), entry);
      case 1:
        return variant("legal-form swap", render(swapForm(p)), entry);
      case 2:
        return variant("typo", render(typo(p)), entry);
      case 3:
        return variant("punctuation", punctuation(render(p)), entry);
      case 4:
        return variant("case", changeCase(render(p)), entry);
      case 5:
        return variant("combined", changeCase(render(swapForm(typo(p)))), entry);
      case 6:
        return new Variant(
            "same country", new Query(reordered(swapForm(p)), entry.country(), null), entry.id());
      case 7:
        return variant("joined or split", render(joinedOrSplit(p)), entry);
      default:
        String id =
            entry.identifiers().get(0).toLowerCase(Locale.ROOT).replace('-', ' ').replace('/', ' ');
        // The identifier alone must find the entry: the name is one nobody on the list has.
        String name = "Unlisted " + render(randomParts());
        return new Variant("identifier", new Query(name, null, id), entry.id());
    }
  }

  private static Variant variant(String kind, String name, ListEntry entry) {
    return new Variant(kind, Query.of(name), entry.id());
  }

  private String reordered(Parts p) {
    List<String> words = new ArrayList<>(p.words);
    List<String> original = List.copyOf(words);
    while (words.equals(original)) {
      Collections.shuffle(words, random);
    }
    return render(new Parts(words, p.formGroup, p.formRendering, p.prefix));
  }

  private Parts swapForm(Parts p) {
    String[] group = (p.prefix ? PREFIX_FORMS : SUFFIX_FORMS)[p.formGroup];
    if (group.length == 1 || random.nextInt(4) == 0) {
      return new Parts(p.words, p.formGroup, NO_FORM, p.prefix);
    }
    int r = p.formRendering;
    while (r == p.formRendering) {
      r = random.nextInt(group.length);
    }
    return new Parts(p.words, p.formGroup, r, p.prefix);
  }

  /**
   * Two neighbouring words joined (nothing, a dot, or an invisible character between them:
   * zero-width space or joiner, word joiner, soft hyphen), or one word split by a space: how names
   * drift when retyped or copied from PDFs and web pages.
   */
  private Parts joinedOrSplit(Parts p) {
    List<String> words = new ArrayList<>(p.words);
    if (words.size() >= 2 && random.nextBoolean()) {
      String[] glue = {"", ".", "\u200B", "\u200D", "\u2060", "\u00AD"};
      int i = random.nextInt(words.size() - 1);
      words.set(i, words.get(i) + glue[random.nextInt(glue.length)] + words.remove(i + 1));
    } else {
      int w = random.nextInt(words.size());
      String word = words.get(w);
      if (word.length() >= 6) {
        int at = 3 + random.nextInt(word.length() - 5);
        words.set(w, word.substring(0, at) + " " + word.substring(at));
      }
    }
    return new Parts(words, p.formGroup, p.formRendering, p.prefix);
  }

  private Parts typo(Parts p) {
    List<String> words = new ArrayList<>(p.words);
    int w;
    do {
      w = random.nextInt(words.size());
    } while (words.get(w).length() < 4);
    StringBuilder word = new StringBuilder(words.get(w));
    int at = random.nextInt(word.length());
    char letter = (char) ('a' + random.nextInt(26));
    switch (random.nextInt(4)) {
      case 0 ->
          word.setCharAt(
              at, letter == word.charAt(at) ? (char) ('a' + (letter - 'a' + 1) % 26) : letter);
      case 1 -> word.deleteCharAt(at);
      case 2 -> word.insert(at, letter);
      default -> {
        int a = Math.min(at, word.length() - 2);
        char c = word.charAt(a);
        word.setCharAt(a, word.charAt(a + 1));
        word.setCharAt(a + 1, c);
      }
    }
    words.set(w, word.toString());
    return new Parts(words, p.formGroup, p.formRendering, p.prefix);
  }

  private String punctuation(String name) {
    switch (random.nextInt(3)) {
      case 0:
        return name.replaceAll("[.,()]", "");
      case 1:
        return name.replaceFirst(" ", "-").replaceFirst(" ", ", ");
      default:
        return "\"" + name.replace(" ", " . ").replace(". .", ".") + "\"";
    }
  }

  private String changeCase(String name) {
    switch (random.nextInt(3)) {
      case 0:
        return name.toUpperCase(Locale.ROOT);
      case 1:
        return name.toLowerCase(Locale.ROOT);
      default:
        StringBuilder mixed = new StringBuilder(name);
        for (int i = 0; i < mixed.length(); i++) {
          if (random.nextBoolean()) {
            mixed.setCharAt(i, Character.toUpperCase(mixed.charAt(i)));
          }
        }
        return mixed.toString();
    }
  }

  private void nativeEntries(List<ListEntry> entries, List<Variant> variants) {
    int n = 0;
    for (String stem : CHINESE_STEMS) {
      String trade = pick(CHINESE_TRADES);
      String form = pick(CHINESE_FORMS);
      addNative(
          entries,
          variants,
          "N" + n++,
          stem + trade + form,
          stem + trade + otherThan(CHINESE_FORMS, form),
          "CN");
    }
    for (String adjective : CYRILLIC_ADJECTIVES) {
      String noun = pick(CYRILLIC_NOUNS);
      String form = pick(CYRILLIC_FORMS);
      addNative(
          entries,
          variants,
          "N" + n++,
          form + " " + adjective + " " + noun,
          noun + " " + adjective + " " + otherThan(CYRILLIC_FORMS, form),
          "KZ");
    }
    for (String stem : THAI_STEMS) {
      String trade = pick(THAI_TRADES);
      addNative(
          entries,
          variants,
          "N" + n++,
          "บริษัท " + stem + trade + " จำกัด",
          "บริษัท" + stem + trade + "จำกัด (มหาชน)",
          "TH");
    }
    for (String stem : ARABIC_STEMS) {
      String trade = pick(ARABIC_TRADES);
      addNative(
          entries,
          variants,
          "N" + n++,
          "شركة " + stem + " " + trade + " ذ.م.م",
          stem + " " + trade + " المحدودة",
          "AE");
    }
  }

  /**
   * Even entries are listed in ICU romanisation only, odd ones under an English-looking name with
   * the native alias. Both are queried in the native script with another legal form.
   */
  private void addNative(
      List<ListEntry> entries,
      List<Variant> variants,
      String id,
      String nativeName,
      String nativeQuery,
      String country) {
    boolean romanised = entries.size() % 2 == 0;
    ListEntry entry =
        romanised
            ? new ListEntry(
                id,
                titleCase(latin.transliterate(nativeName)),
                List.of(),
                List.of(),
                country,
                "test-entity-list")
            : new ListEntry(
                id, unlistedName(), List.of(nativeName), List.of(), country, "test-entity-list");
    entries.add(entry);
    variants.add(
        new Variant(
            romanised ? "native script vs romanised" : "native script vs native alias",
            Query.of(nativeQuery),
            id));
  }

  private String unlistedName() {
    while (true) {
      String name = render(randomParts());
      if (seen.add(normaliser.normalise(name).text())) {
        return name;
      }
    }
  }

  private String otherThan(String[] options, String current) {
    String o = current;
    while (o.equals(current)) {
      o = pick(options);
    }
    return o;
  }

  private static String titleCase(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean start = true;
    for (char c : s.toCharArray()) {
      out.append(start ? Character.toUpperCase(c) : c);
      start = c == ' ';
    }
    return out.toString();
  }

  private static String[] allWords() {
    List<String> words = new ArrayList<>();
    for (String[] list : new String[][] {PLACES, ADJECTIVES, NOUNS, TRADES}) {
      for (String phrase : list) {
        Collections.addAll(words, phrase.split(" "));
      }
    }
    return words.toArray(String[]::new);
  }

  private String pick(String[] words) {
    return words[random.nextInt(words.length)];
  }

  /** Highest Jaccard similarity of {@code tokens} with any listed name's tokens. */
  private static double maxJaccard(
      Set<String> tokens, List<Set<String>> listed, Map<String, List<Integer>> byToken) {
    Map<Integer, Integer> common = new HashMap<>();
    for (String t : tokens) {
      for (int i : byToken.getOrDefault(t, List.of())) {
        common.merge(i, 1, Integer::sum);
      }
    }
    double max = 0;
    for (Map.Entry<Integer, Integer> e : common.entrySet()) {
      int c = e.getValue();
      max = Math.max(max, (double) c / (tokens.size() + listed.get(e.getKey()).size() - c));
    }
    return max;
  }
}
