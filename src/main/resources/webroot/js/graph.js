// The upstream chain drawn with Cytoscape.js, served from its WebJar by the same server.
const CYTOSCAPE = '/webjars/cytoscape/3.33.1/dist/cytoscape.min.js';
const BAND = { low: '#2e7d32', medium: '#b26a00', high: '#d84315', critical: '#b71c1c' };
let loading;

function loadCytoscape() {
  if (window.cytoscape) return Promise.resolve(window.cytoscape);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const el = document.createElement('script');
      el.src = CYTOSCAPE;
      el.onload = () => resolve(window.cytoscape);
      el.onerror = () => reject(new Error('Cytoscape.js could not be loaded'));
      document.head.append(el);
    });
  }
  return loading;
}

/** Draws nodes [{supplierId, name, score, band}] and edges [{buyer, supplier}] into container. */
export async function upstreamGraph(container, rootId, nodes, edges, onOpen) {
  const cytoscape = await loadCytoscape();
  const cy = cytoscape({
    container,
    elements: [
      ...nodes.map((n) => ({
        data: {
          id: n.supplierId,
          label: `${n.supplierId}\n${n.score ?? '–'}`,
          color: BAND[n.band] || '#546e7a',
        },
        classes: n.supplierId === rootId ? 'root' : '',
      })),
      ...edges.map((e, i) => ({ data: { id: `e${i}`, source: e.buyer, target: e.supplier } })),
    ],
    style: [
      {
        selector: 'node',
        style: {
          'background-color': 'data(color)', label: 'data(label)', color: '#fff',
          'text-wrap': 'wrap', 'text-valign': 'center', 'font-size': 11, width: 78, height: 44,
          shape: 'round-rectangle', 'text-outline-width': 0,
        },
      },
      { selector: 'node.root', style: { 'border-width': 4, 'border-color': '#0d47a1' } },
      {
        selector: 'edge',
        style: {
          width: 2, 'line-color': '#607d8b', 'target-arrow-color': '#607d8b',
          'target-arrow-shape': 'triangle', 'curve-style': 'bezier',
        },
      },
    ],
    layout: { name: 'breadthfirst', directed: true, roots: `#${CSS.escape(rootId)}`, padding: 10, spacingFactor: 1.1 },
    wheelSensitivity: 0.3,
  });
  // Edges go buyer → supplier, as in relationships.csv; the root is the supplier opened.
  cy.on('tap', 'node', (e) => onOpen(e.target.id()));
  container.dataset.nodes = String(cy.nodes().length);
  return cy;
}
