// The administration pages' shape: a list (a table, or anything else) in the main column, with a heading, an
// optional action beside it and the last save's message, and the editors in the side column. `useListEditor`
// holds which item is being edited and what was saved; `ItemTable` is the list when it is a table.
import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import { Notice } from './feedback';

/** What is being edited (an item, 'new', …) and the message of the last save. */
export function useListEditor<E>(onSaved: () => void) {
  const [editing, setEditing] = useState<E | null>(null);
  const [saved, setSaved] = useState('');
  return {
    editing,
    saved,
    /** Opens the editor on this item and clears the last message. */
    edit: (item: E) => {
      setSaved('');
      setEditing(item);
    },
    /** Shows a message and leaves the editor as it is (e.g. after creating something beside it). */
    announce: setSaved,
    /** Closes the editor; with a message, the save is announced and the list reloads. */
    done: (message?: string) => {
      setEditing(null);
      if (message) {
        setSaved(message);
        onSaved();
      }
    },
  };
}

export interface ListEditorProps {
  /** The main column's heading and its id (the section is labelled by it). */
  title: string;
  titleId: string;
  /** A button beside the heading (e.g. "new"). */
  action?: ComponentChildren;
  /** A line under the heading. */
  intro?: string;
  /** The last save's message, shown above the list. */
  saved?: string;
  /** The list, and what goes above it (filters, problems). */
  children: ComponentChildren;
  /** The editors. */
  side: ComponentChildren;
}

export function ListEditor({ title, titleId, action, intro, saved, children, side }: ListEditorProps) {
  return (
    <div class="yon-cols">
      <section class="card yon-main" aria-labelledby={titleId}>
        {action ? (
          <div class="row">
            <h2 id={titleId}>{title}</h2>
            <span class="spacer" />
            {action}
          </div>
        ) : (
          <h2 id={titleId}>{title}</h2>
        )}
        {intro && <p class="muted small">{intro}</p>}
        {saved && <Notice kind="success">{saved}</Notice>}
        {children}
      </section>
      <div class="yon-side">{side}</div>
    </div>
  );
}

export interface Column<T> {
  /** The header; `hidden` keeps it for screen readers only (e.g. the actions column). */
  header: string;
  hidden?: boolean;
  class?: string;
  cell: (row: T) => ComponentChildren;
}

export interface ItemTableProps<T> {
  rows: T[];
  columns: Column<T>[];
  testid: string;
  rowKey: (row: T) => string | number;
  /** Attributes of each row (data-testid, data-id, …). */
  rowProps: (row: T) => JSX.HTMLAttributes<HTMLTableRowElement> & Record<string, unknown>;
  /** Inactive rows are shown greyed out. */
  inactive: (row: T) => boolean;
}

export function ItemTable<T>({ rows, columns, testid, rowKey, rowProps, inactive }: ItemTableProps<T>) {
  return (
    <div class="yon-scroll">
      <table data-testid={testid}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col">
                {c.hidden ? <span class="sr-only">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)} {...rowProps(r)} class={inactive(r) ? 'yon-inactive' : ''}>
              {columns.map((c) => (
                <td key={c.header} class={c.class}>
                  {c.cell(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
