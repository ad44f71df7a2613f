// Long tables cut into pages that fit the terminal: one function, so the reducer's page count is the page say.ts shows.
import { groupsView, devicesView, type Paged } from './views/tables';
import type { Current } from './chat-state';

/** The transcript's text width for a terminal `columns` wide (one column spare; never narrower than 40). */
export const textWidth = (columns: number) => Math.max(40, columns - 1);

export function tableView(table: 'groups' | 'devices', cur: Current, columns: number, rows: number): Paged {
  const pageRows = Math.max(8, rows - 8);
  return table === 'groups' ? groupsView(cur.report, cur.host, textWidth(columns), pageRows) : devicesView(cur.report, cur.host, textWidth(columns), pageRows);
}
