// The Ink chat: the transcript in <Static>, a live region (progress, paste status) and our own line input.
import React, { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Box, Static, Text, useApp, useInput, useStdin, useStdout } from 'ink';
import { Session, type Entry } from './session';
import { emptyInput, feed, remember, cursorOf, isForwardDelete, promptWindow } from './line-input';
import type { ChatConfig } from './types';
import type { Line, Tone } from './lines';
import { PROGRESS_MARK } from './views/misc';
import { clip } from '../render/style';
import { escapeLine } from '../text/sanitize';

export interface ChatAppProps {
  config: ChatConfig;
  /** false for NO_COLOR / --no-color: no colours at all (marks and words still carry the meaning). */
  color?: boolean;
  /** Fixed size (tests); otherwise the terminal's, following resizes. */
  width?: number;
  height?: number;
  /** Lets the caller reach the session (tests, or a later apply flow). */
  onSession?: (s: Session) => void;
}

type TextStyle = { color?: string; bold?: boolean; dimColor?: boolean };

const TONES: Record<Tone, TextStyle> = {
  error: { color: 'red', bold: true },
  warning: { color: 'yellow', bold: true },
  info: { color: 'blue', bold: true },
  ok: { color: 'green' },
  dim: { dimColor: true },
  bold: { bold: true },
  cmd: { color: 'cyan' },
  add: { color: 'green' },
  del: { color: 'red' },
  mark: { color: 'magenta', bold: true },
  user: { color: 'cyan', bold: true },
  heading: { color: 'cyan', bold: true },
};

function styleOf(tone: Tone | undefined, color: boolean): TextStyle {
  if (!tone) return {};
  const s = TONES[tone];
  return color ? s : s.bold ? { bold: true } : {};
}

function LineView({ line, color }: { line: Line; color: boolean }) {
  if (!line.length || line.every((s) => !s.text)) return <Text> </Text>;
  return (
    <Text>
      {line.map((s, i) => (
        <Text key={i} {...styleOf(s.tone, color)}>
          {/* The last stop before the terminal: a Line is one row, so even a newline is shown, not obeyed. */}
          {escapeLine(s.text)}
        </Text>
      ))}
    </Text>
  );
}

function EntryView({ entry, color }: { entry: Entry; color: boolean }) {
  return (
    <Box flexDirection="column" marginBottom={entry.kind === 'user' ? 0 : 1}>
      {entry.lines.map((l, i) => (
        <LineView key={i} line={l} color={color} />
      ))}
    </Box>
  );
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

function useSpinner(active: boolean): string {
  const [i, setI] = useState(0);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setI((x) => (x + 1) % SPINNER.length), 100);
    return () => clearInterval(t);
  }, [active]);
  return SPINNER[i]!;
}

function useTerminalSize(width?: number, height?: number) {
  const { stdout } = useStdout();
  const read = () => ({ columns: width ?? stdout?.columns ?? 80, rows: height ?? (stdout as NodeJS.WriteStream | undefined)?.rows ?? 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (width || !stdout) return;
    const on = () => setSize(read());
    stdout.on('resize', on);
    return () => void stdout.off('resize', on);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stdout, width, height]);
  return size;
}

export function ChatApp({ config, color = true, width, height, onSession }: ChatAppProps) {
  const [session] = useState(() => new Session(config));
  useSyncExternalStore(session.subscribe, session.getVersion);
  const { exit } = useApp();
  const size = useTerminalSize(width, height);
  session.setSize(size.columns, size.rows);
  const inputRef = useRef(emptyInput());
  const [, redraw] = useState(0);

  useEffect(() => {
    onSession?.(session);
    void session.start();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (session.phase === 'done') exit();
  });

  // Ink reports Backspace (0x7f) and Delete (ESC [3~) alike as `delete`; the raw keypress, seen just before Ink's
  // handler (this listener is added first), tells them apart.
  const { internal_eventEmitter: keys } = useStdin() as ReturnType<typeof useStdin> & { internal_eventEmitter?: NodeJS.EventEmitter };
  const rawKey = useRef('');
  useEffect(() => {
    if (!keys) return;
    const see = (raw: unknown) => {
      rawKey.current = typeof raw === 'string' ? raw : String(raw);
    };
    keys.on('input', see);
    return () => {
      keys.off('input', see);
    };
  }, [keys]);

  useInput(
    (input, key) => {
      const { state, events } = feed(inputRef.current, input, key.delete && isForwardDelete(rawKey.current) ? { ...key, delete: false, forwardDelete: true } : key);
      let st = state;
      let lines: string[] = [];
      const flush = () => {
        if (!lines.length) return;
        for (const l of session.submitMany(lines)) st = remember(st, l);
        lines = [];
      };
      for (const e of events) {
        if (e.kind === 'submit') lines.push(e.line);
        else {
          flush();
          if (e.kind === 'eof') session.eof(e.partial);
          else session.interrupt();
        }
      }
      flush();
      inputRef.current = st;
      redraw((x) => x + 1);
    },
    { isActive: session.phase !== 'done' },
  );

  const spinning = session.phase === 'loading' || session.phase === 'busy';
  const spin = useSpinner(spinning);
  const w = Math.max(20, size.columns - 1);
  return (
    <>
      <Static items={[...session.entries]}>{(e) => <EntryView key={e.id} entry={e} color={color} />}</Static>
      {session.phase === 'done' ? null : (
        <Box flexDirection="column">
          {session.phase === 'loading' ? <Progress session={session} spin={spin} color={color} rows={Math.max(3, size.rows - 6)} width={w} /> : null}
          {session.phase === 'busy' ? (
            <Text>
              <Text {...styleOf('info', color)}>{spin}</Text> {escapeLine(session.status())}
            </Text>
          ) : null}
          {session.phase !== 'loading' && session.phase !== 'busy' ? <Text {...styleOf('dim', color)}>{clip(escapeLine(session.status()), w)}</Text> : null}
          <Prompt value={inputRef.current.value} cursor={cursorOf(inputRef.current)} phase={session.phase} color={color} width={w} />
        </Box>
      )}
    </>
  );
}

function Progress({ session, spin, color, rows, width }: { session: Session; spin: string; color: boolean; rows: number; width: number }) {
  const ev = session.progress;
  if (!ev.length) {
    return (
      <Text>
        <Text {...styleOf('info', color)}>{spin}</Text> Reading…
      </Text>
    );
  }
  const shown = ev.slice(-rows);
  return (
    <Box flexDirection="column">
      {ev.length > shown.length ? <Text {...styleOf('dim', color)}>  … {ev.length - shown.length} more read</Text> : null}
      {shown.map((e) => {
        const m = PROGRESS_MARK[e.status];
        const detail = e.detail ? ` — ${e.detail}` : e.status === 'started' ? ' …' : '';
        return (
          <Text key={e.id}>
            <Text {...styleOf(m.tone, color)}>{e.status === 'started' ? spin : m.mark}</Text> {clip(escapeLine(`${e.label}${detail}`), width - 2)}
          </Text>
        );
      })}
    </Box>
  );
}

function Prompt({ value, cursor, phase, color, width }: { value: string; cursor: number; phase: Session['phase']; color: boolean; width: number }) {
  const prompt = phase === 'paste' ? 'paste› ' : phase === 'confirm' ? 'yes/no› ' : '› ';
  // Escaped per character, so the cursor stays on the character it was on.
  const cs = Array.from(value.replace(/\t/g, ' ')).map((ch) => escapeLine(ch));
  const { before, under, after } = promptWindow(cs, cursor, Math.max(5, width - prompt.length - 1));
  return (
    <Text>
      <Text {...styleOf('user', color)}>{prompt}</Text>
      {before}
      <Text inverse>{under}</Text>
      {after}
    </Text>
  );
}

/** The element for ink's render(), so callers without JSX need no React import. */
export function chatElement(props: ChatAppProps) {
  return <ChatApp {...props} />;
}
