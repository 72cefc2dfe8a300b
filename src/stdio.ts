// Writing to stdout and stderr without Node's process.stdout and process.stderr where that is safe.
// Touching either costs a start several milliseconds (node:stream; node:net and node:tty for a pipe
// or a terminal), and the common places a report goes -- a pipe (pre-commit, CI), a file, /dev/null --
// need none of it.
import { fstatSync, statSync, writeSync } from "node:fs";

/**
 * How the report reaches stdout (1) or stderr (2). When the descriptor is a pipe, a socket, a
 * regular file or /dev/null the text is written to it directly, as Node's own stream would do there
 * (synchronously); a terminal, anything else, or Windows go through Node's stream. A descriptor that
 * would block (EAGAIN: something made it non-blocking, such as Node's own stream for it, created by
 * a library or by a parent process sharing the pipe) is waited for and written again: handing the rest
 * to the stream would queue the whole report in memory while a slow reader drains it (an 8 MiB
 * config's 88 MB report took 1 GB that way). A reader that goes away (`| head`) is not an error of
 * ours: the run stops quietly, as Unix tools do, either way.
 */
export function outputTo(fd: 1 | 2): ((s: string) => void) & { direct: boolean } {
  let stream: NodeJS.WriteStream | undefined;
  const viaStream = (s: string | Buffer) => {
    if (!stream) {
      stream = fd === 1 ? process.stdout : process.stderr;
      stream.on("error", (e: NodeJS.ErrnoException) => {
        if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
        throw e;
      });
    }
    stream.write(s);
  };
  const direct = process.platform !== "win32" && writableDirectly(fd);
  const write = (s: string) => {
    if (!direct || stream) {
      viaStream(s);
      return;
    }
    const bytes = Buffer.from(s, "utf8");
    for (let done = 0; done < bytes.length; ) {
      try {
        done += writeSync(fd, bytes, done, bytes.length - done);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EPIPE") process.exit(process.exitCode ?? 0);
        if (code !== "EAGAIN") throw e;
        // A millisecond's sleep, without spinning: nothing else runs while the report is written.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      }
    }
  };
  return Object.assign(write, { direct });
}

const directAnswers = new Map<number, boolean>();

/**
 * A pipe (a shell's FIFO, or the socket pair Node and other runtimes give a child), a regular file or
 * the null device: never a terminal, and written synchronously as Node's stream does on POSIX.
 */
export function writableDirectly(fd: number): boolean {
  // Asked for stdout both when the bundle loads (picocolors) and when the CLI starts: looked at once.
  let answer = directAnswers.get(fd);
  if (answer === undefined) {
    try {
      const st = fstatSync(fd);
      answer = st.isFIFO() || st.isSocket() || st.isFile() || (st.isCharacterDevice() && st.rdev === statSync("/dev/null").rdev);
    } catch {
      answer = false;
    }
    directAnswers.set(fd, answer);
  }
  return answer;
}

/**
 * The `process` picocolors sees in the bundle (scripts/bundle-options.mjs). It reads
 * process.stdout.isTTY once, when it loads, for its isColorSupported; a stdout written directly is
 * no terminal, so that answer is given without creating Node's stream. Anywhere else it gets the
 * real process. (The project gives createColors its colour choice itself; this only keeps the
 * library's own default as it was.)
 */
export function processForColors(): Pick<NodeJS.Process, "argv" | "env" | "platform"> & { stdout?: { isTTY?: boolean } } {
  if (process.platform === "win32" || !writableDirectly(1)) return process;
  return { argv: process.argv, env: process.env, platform: process.platform, stdout: { isTTY: false } };
}

/**
 * The `process` yargs sees in the bundle (scripts/bundle-options.mjs). yargs reads
 * process.stdout.columns when it loads (the width of its help) and looks at both streams when it
 * stops; either makes Node create its stream, and a pipe's stream turns the pipe non-blocking for
 * every writer. Where a descriptor is written directly (no terminal, so no width) yargs gets a
 * stand-in for its stream; everything else is the real process.
 */
export function processForYargs(): NodeJS.Process {
  if (process.platform === "win32") return process;
  const standIn = { isTTY: false, columns: undefined };
  return new Proxy(process, {
    get(target, key) {
      if ((key === "stdout" && writableDirectly(1)) || (key === "stderr" && writableDirectly(2))) return standIn;
      return Reflect.get(target, key, target) as unknown;
    },
  });
}
