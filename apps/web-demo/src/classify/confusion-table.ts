/** The darkest cell, holding its whole row (matplotlib's `Blues`, as the node demo's PNG). */
const FULL: readonly [number, number, number] = [8, 48, 107];

/**
 * A confusion matrix as an HTML table: a row per true class, a column per predicted class, each
 * cell shaded by its share of the row and showing its count (empty cells blank).
 */
export function confusionTable(matrix: readonly (readonly number[])[], testId: string): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'confusion';
  table.dataset.testid = testId;
  const head = table.createTHead().insertRow();
  head.append(Object.assign(document.createElement('th'), { textContent: 'true \\ predicted' }));
  matrix.forEach((_, p) => head.append(Object.assign(document.createElement('th'), { textContent: String(p) })));
  const body = table.createTBody();
  matrix.forEach((row, t) => {
    const tr = body.insertRow();
    tr.append(Object.assign(document.createElement('th'), { textContent: String(t) }));
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((count, p) => {
      const cell = tr.insertCell();
      const share = total === 0 ? 0 : count / total;
      cell.textContent = count > 0 ? String(count) : '';
      cell.dataset.count = String(count);
      cell.title = `${count} of ${total} ${t}s read as ${p}`;
      cell.style.background = `rgb(${FULL.map((c) => Math.round(255 + (c - 255) * share)).join(', ')})`;
      if (share > 0.5) cell.style.color = 'white';
    });
  });
  return table;
}
