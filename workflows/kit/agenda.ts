import { condition } from '@temporalio/workflow';
import type { TimedItem } from '../../domain/send-times';

/**
 * The one agenda loop of every long-running workflow: the items of the state (pure, from the
 * state alone) → fire the first due item not yet fired → drain the mail → publish → wait for an
 * update, pending mail, or the next item's time (the timer's summary is the item's label).
 */

/** A counter that every applied update bumps; the loop waits on it. */
export interface Changes {
  readonly value: number;
  bump(): void;
}

/** A new change counter. */
export function changeCounter(): Changes {
  let value = 0;
  return {
    get value() {
      return value;
    },
    bump() {
      value++;
    },
  };
}

/** What the loop needs of the mailer (see workflows/mailer.ts). */
export interface LoopMailer {
  drain(nowIso: () => string): Promise<void>;
  pending(): boolean;
}

/** What a workflow type gives the loop. */
export interface AgendaLoop<Item extends TimedItem> {
  /** The items the state calls for, fired or not, sorted by time. */
  items: () => Item[];
  /** The ids of the items already fired (or skipped as past). */
  fired: Set<string>;
  /** Performs a due item (changes the state, queues mail). */
  fire: (item: Item) => void;
  /** True once the process has ended. */
  isFinal: () => boolean;
  mailer: LoopMailer;
  /** Shows the state in the Web UI, with the item the loop waits for next. */
  publish: (next: Item | undefined) => void;
  changes: Changes;
}

/** The first item not yet fired. */
export function nextItem<Item extends TimedItem>(items: readonly Item[], fired: ReadonlySet<string>): Item | undefined {
  return items.find((i) => !fired.has(i.id));
}

/** Runs the loop until the process is final (mail drained). */
export async function runAgenda<Item extends TimedItem>(loop: AgendaLoop<Item>): Promise<void> {
  const nowIso = () => new Date().toISOString();
  for (;;) {
    await loop.mailer.drain(nowIso);
    if (loop.isFinal()) return;
    const next = nextItem(loop.items(), loop.fired);
    if (next && next.at <= Date.now()) {
      loop.fired.add(next.id);
      loop.fire(next);
      continue;
    }
    loop.publish(next);
    const seen = loop.changes.value;
    const wake = () => loop.changes.value !== seen || loop.mailer.pending();
    if (next) await condition(wake, next.at - Date.now(), { summary: next.label });
    else await condition(wake);
  }
}
