package org.libertas.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SupplyChainTest {

  private static String[] link(String buyer, String supplier) {
    return new String[] {buyer, supplier};
  }

  /** Direct suppliers of a buyer, as ids, in CSR order. */
  private static List<String> suppliersOf(SupplyChain chain, String buyer) {
    int i = chain.indexOf(buyer);
    List<String> out = new ArrayList<>();
    for (int e = chain.from(i); e < chain.to(i); e++) {
      out.add(chain.id(chain.target(e)));
    }
    return out;
  }

  @Test
  void idsAreSortedAndDistinctWhateverTheLoadOrder() {
    SupplyChain chain = SupplyChain.of(List.of("c", "a", "b", "a"), List.of());

    assertThat(chain.size()).isEqualTo(3);
    assertThat(List.of(chain.id(0), chain.id(1), chain.id(2))).containsExactly("a", "b", "c");
    assertThat(chain.indexOf("a")).isEqualTo(0);
    assertThat(chain.indexOf("c")).isEqualTo(2);
    assertThat(chain.indexOf("zzz")).isNull();
  }

  @Test
  void buildsCsrArraysWithSortedTargets() {
    SupplyChain chain =
        SupplyChain.of(
            List.of("d", "c", "b", "a"),
            List.of(link("a", "d"), link("a", "b"), link("c", "a"), link("a", "c")));

    // a=0 b=1 c=2 d=3; a buys from b, c, d; c buys from a; b and d buy from nobody.
    assertThat(chain.from(0)).isEqualTo(0);
    assertThat(chain.to(0)).isEqualTo(3);
    assertThat(chain.from(1)).isEqualTo(3);
    assertThat(chain.to(1)).isEqualTo(3);
    assertThat(chain.from(2)).isEqualTo(3);
    assertThat(chain.to(2)).isEqualTo(4);
    assertThat(chain.from(3)).isEqualTo(4);
    assertThat(chain.to(3)).isEqualTo(4);
    assertThat(List.of(chain.target(0), chain.target(1), chain.target(2), chain.target(3)))
        .containsExactly(1, 2, 3, 0);
    assertThat(suppliersOf(chain, "a")).containsExactly("b", "c", "d");
    assertThat(suppliersOf(chain, "c")).containsExactly("a");
  }

  @Test
  void unknownIdsSelfLinksAndDuplicatesAreIgnored() {
    SupplyChain chain =
        SupplyChain.of(
            List.of("a", "b"),
            List.of(
                link("a", "b"),
                link("a", "b"),
                link("a", "a"),
                link("a", "ghost"),
                link("ghost", "b"),
                link("ghost", "ghost")));

    assertThat(chain.size()).isEqualTo(2);
    assertThat(chain.indexOf("ghost")).isNull();
    assertThat(suppliersOf(chain, "a")).containsExactly("b");
    assertThat(suppliersOf(chain, "b")).isEmpty();
    assertThat(chain.to(1)).isEqualTo(1);
  }

  @Test
  void emptyChain() {
    SupplyChain chain = SupplyChain.of(List.of(), List.<String[]>of(link("a", "b")));

    assertThat(chain.size()).isZero();
  }

  @Test
  void sameSuppliersAndLinksInAnotherOrderGiveTheSameArrays() {
    List<String[]> links = List.of(link("b", "a"), link("c", "b"), link("a", "c"), link("c", "a"));
    SupplyChain one = SupplyChain.of(List.of("a", "b", "c"), links);
    SupplyChain two =
        SupplyChain.of(
            List.of("c", "a", "b"),
            List.of(links.get(3), links.get(1), links.get(0), links.get(2), links.get(1)));

    for (String id : List.of("a", "b", "c")) {
      assertThat(two.indexOf(id)).isEqualTo(one.indexOf(id));
      assertThat(suppliersOf(two, id)).isEqualTo(suppliersOf(one, id));
    }
  }
}
