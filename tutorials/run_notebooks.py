#!/usr/bin/python3
"""Executes Java-kernel Jupyter notebooks headlessly, top to bottom, for CI.

Meant for Debian's /usr/bin/python3 with the packages python3-nbclient and python3-nbformat (see
.ci/install-notebook-deps.sh); tutorials/run-notebooks.sh is the usual entry point and passes all the paths.

Two subcommands:

``register``
    Writes a kernelspec for the rapaio Java kernel (io.github.padreati:rapaio-jupyter-kernel) into a private
    Jupyter data directory: the java command with the given JVM options and nothing on the class path, like the
    kernel a user installs. A notebook brings the project itself: its first code cell is a '%jar PATH' line naming
    the with-deps jar, relative to the notebook's directory.

``run``
    Executes each notebook in a fresh kernel started in the notebook's own directory, as Jupyter does, so the
    notebook's relative paths (its '%jar' line first) mean the same here and in a user's Jupyter. Before any kernel
    starts, every notebook whose first code cell is a '%jar PATH' line is checked: a missing jar stops the run
    with the command that builds it. The rapaio kernel sometimes never answers at start-up (a race in its
    channel threads), so every start is guarded: if the kernel does not answer kernel_info and a probe execution
    within the start timeout, its whole process group is killed and a new kernel is started, up to a number of
    attempts; each retry is logged. A notebook fails on the first cell error, cell timeout or kernel death; the
    failing cell, its output and its traceback are printed, and the executed copy (partial on failure) is written
    to the output directory with a summary.json describing every notebook and every kernel start. With --write,
    each notebook that passed is also written back in place with its outputs (see committable_copy).

Exit status of ``run``: 0 all notebooks passed, 1 a notebook failed (cell error, cell timeout, dead kernel, unreadable
notebook), 2 bad usage or a missing prerequisite, 3 a kernel never started in the allowed attempts.
"""

import argparse
import asyncio
import json
import os
import re
import signal
import sys
import time
import zipfile

try:
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
except ImportError as import_error:  # pragma: no cover - depends on the machine
    sys.stderr.write(
        "run_notebooks: cannot import the Python module '%s' with %s.\n"
        "  Install the Debian packages with .ci/install-notebook-deps.sh (python3-nbclient, python3-nbformat) and\n"
        "  run this script with /usr/bin/python3, not a pyenv/virtualenv python.\n" % (import_error.name, sys.executable))
    sys.exit(2)

EXIT_OK = 0
EXIT_NOTEBOOK_FAILED = 1
EXIT_USAGE = 2
EXIT_KERNEL_START = 3

PROBE_CODE = "// run_notebooks.py start-up probe"
JAR_MAGIC = "%jar "
BUILD_COMMAND = "mvn -B -q package -DskipTests"
EXIT_INTERRUPTED = 130
# Set by the SIGTERM/SIGINT handler: nbclient may turn the cancellation into another error, so the flag decides.
INTERRUPTED = {"flag": False}
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
KERNEL_LOG_TAIL_LINES = 25


def log(message):
    """Prints a progress line (stdout, flushed so it interleaves with the shell script's output)."""
    print("[notebooks] " + message, flush=True)


def strip_ansi(text):
    """Removes terminal colour codes (the rapaio kernel colours its tracebacks)."""
    return ANSI_ESCAPE.sub("", text)


def tail(path, lines):
    """The last lines of a text file, or a note when it cannot be read."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError as e:
        return "(cannot read %s: %s)\n" % (path, e)


# ---------------------------------------------------------------------------------------------------------------
# register
# ---------------------------------------------------------------------------------------------------------------

def command_register(args):
    """Writes <jupyter-path>/kernels/<name>/kernel.json for the rapaio kernel."""
    if not os.path.isfile(args.kernel_jar):
        log("ERROR: kernel jar %s is missing; run .ci/install-notebook-deps.sh" % args.kernel_jar)
        return EXIT_USAGE
    spec_dir = os.path.join(args.jupyter_path, "kernels", args.name)
    os.makedirs(spec_dir, exist_ok=True)
    spec = {
        "argv": [args.java] + list(args.java_opt) + ["-jar", os.path.abspath(args.kernel_jar), "{connection_file}"],
        "display_name": args.display_name,
        "language": "java",
        "interrupt_mode": "message",
        "metadata": {"registered_by": "tutorials/run_notebooks.py"},
    }
    spec_file = os.path.join(spec_dir, "kernel.json")
    tmp_file = spec_file + ".tmp"
    with open(tmp_file, "w", encoding="utf-8") as f:
        json.dump(spec, f, indent=1)
        f.write("\n")
    os.replace(tmp_file, spec_file)
    log("registered kernel '%s' in %s" % (args.name, spec_file))
    return EXIT_OK


# ---------------------------------------------------------------------------------------------------------------
# run
# ---------------------------------------------------------------------------------------------------------------

class KernelStartError(Exception):
    """No kernel answered in any of the allowed start attempts."""


class StartedKernel:
    """A kernel that answered kernel_info and a probe execution, with its manager and client."""

    def __init__(self, km, kc, pgid, attempt, log_file):
        self.km = km
        self.kc = kc
        self.pgid = pgid
        self.attempt = attempt
        self.log_file = log_file
        self.log_path = log_file.name


def live_group_members(pgid):
    """The pids of the live (not zombie) processes of a process group, read from /proc."""
    members = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name, encoding="utf-8", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue  # exited meanwhile
        # pid (comm) state ppid pgrp ...: comm may contain spaces and parentheses, so split after the last ')'.
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            members.append(int(name))
    return members


def process_group_alive(pgid):
    """True while a live process of the group exists (zombies waiting for their reaper do not count)."""
    if pgid is None:
        return False
    if os.path.isdir("/proc/self"):
        return bool(live_group_members(pgid))
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


async def terminate_kernel(km, kc, pgid, grace_seconds=3.0):
    """Stops a kernel and everything it started: SIGTERM to its process group, SIGKILL after a grace period.

    jupyter_client starts every kernel in a new session, so the kernel's process group holds exactly the kernel and
    its children. Safe to call on a kernel that already exited.
    """
    if kc is not None:
        try:
            kc.stop_channels()
        except Exception:  # noqa: BLE001 - best effort while tearing down
            pass
    if pgid is not None and process_group_alive(pgid):
        try:
            os.killpg(pgid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + grace_seconds
        while process_group_alive(pgid) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        if process_group_alive(pgid):
            try:
                os.killpg(pgid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    try:
        # Reaps the process and removes the connection file; the process is already gone (or killed now).
        await km.shutdown_kernel(now=True)
    except Exception:  # noqa: BLE001 - 'No kernel is running' and the like
        try:
            await km.cleanup_resources()
        except Exception:  # noqa: BLE001
            pass
    deadline = time.monotonic() + 5.0
    while pgid is not None and process_group_alive(pgid) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)


async def probe(kc, timeout):
    """Runs a comment-only cell and waits for its reply and its idle status: both the shell and iopub channels work."""
    reply = await kc.execute_interactive(PROBE_CODE, store_history=False, timeout=timeout,
                                         output_hook=lambda msg: None, allow_stdin=False)
    if reply["content"].get("status") != "ok":
        raise RuntimeError("the probe execution replied %s" % reply["content"].get("status"))


async def start_kernel(opts, ksm, stem, record, cwd):
    """Starts a kernel in cwd, retrying when it hangs; returns a StartedKernel or raises KernelStartError."""
    os.makedirs(opts.log_dir, exist_ok=True)
    for attempt in range(1, opts.start_attempts + 1):
        timeout = opts.start_timeout * (1.0 + 0.5 * (attempt - 1))
        log_path = os.path.join(opts.log_dir, "%s.kernel-%d.log" % (stem, attempt))
        log_file = open(log_path, "w", encoding="utf-8")
        km = AsyncKernelManager(kernel_name=opts.kernel_name, kernel_spec_manager=ksm)
        kc = None
        pgid = None
        began = time.monotonic()
        try:
            await km.start_kernel(cwd=cwd, stdout=log_file, stderr=log_file)
            pid = km.provisioner.pid if km.provisioner is not None else None
            pgid = getattr(km.provisioner, "pgid", None) or (os.getpgid(pid) if pid else None)
            if pgid == os.getpgrp():
                pgid = None  # never signal our own group; jupyter_client normally gives kernels their own session
            kc = km.client()
            kc.allow_stdin = False
            kc.start_channels()
            await kc.wait_for_ready(timeout=timeout)
            remaining = max(1.0, timeout - (time.monotonic() - began))
            await asyncio.wait_for(probe(kc, remaining), timeout=remaining + 1.0)
            seconds = time.monotonic() - began
            record["start_attempts"].append({"attempt": attempt, "outcome": "ready", "seconds": round(seconds, 2),
                                             "pgid": pgid, "log": log_path})
            log("%s: kernel ready in %.1f s (attempt %d/%d, pid %s)" % (stem, seconds, attempt,
                                                                          opts.start_attempts, pgid))
            return StartedKernel(km, kc, pgid, attempt, log_file)
        except (RuntimeError, asyncio.TimeoutError, TimeoutError) as e:
            alive = await km.is_alive() if km.has_kernel else False
            outcome = "hung" if alive else "died"
            reason = str(e) or e.__class__.__name__
        except asyncio.CancelledError:
            await terminate_kernel(km, kc, pgid)  # interrupted (SIGTERM, Ctrl-C): leave no kernel behind
            log_file.close()
            raise
        except Exception as e:  # noqa: BLE001 - e.g. the java command cannot be run
            outcome = "error"
            reason = "%s: %s" % (e.__class__.__name__, e)
        seconds = time.monotonic() - began
        await terminate_kernel(km, kc, pgid)
        log_file.close()
        record["start_attempts"].append({"attempt": attempt, "outcome": outcome, "seconds": round(seconds, 2),
                                         "pgid": pgid, "log": log_path, "reason": reason})
        if outcome == "hung":
            log("%s: kernel start attempt %d/%d hung (%s after %.1f s); killed its process group %s%s" % (
                stem, attempt, opts.start_attempts, reason, seconds, pgid,
                "; retrying" if attempt < opts.start_attempts else ""))
        else:
            last = attempt == opts.start_attempts
            log("%s: kernel start attempt %d/%d failed%s (%s after %.1f s)%s; kernel log %s%s" % (
                stem, attempt, opts.start_attempts, ", the kernel exited" if outcome == "died" else "", reason,
                seconds, "" if last else "; retrying", log_path,
                ":\n" + tail(log_path, KERNEL_LOG_TAIL_LINES) if last else ""))
    raise KernelStartError("no kernel answered in %d attempts (start timeout %.0f s, growing by half each retry); "
                           "kernel logs in %s" % (opts.start_attempts, opts.start_timeout, opts.log_dir))


def notebook_dir(path):
    """The directory of a notebook: the working directory of its kernel, as in Jupyter."""
    return os.path.dirname(os.path.abspath(path))


def front_door_jar(nb, path):
    """The jar a notebook loads in its first code cell ('%jar PATH', relative to the notebook's directory, as the
    kernel resolves it), or None when the first code cell is not such a line."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        line = cell.source.strip()
        if line.startswith(JAR_MAGIC) and "\n" not in line:
            return os.path.normpath(os.path.join(notebook_dir(path), line[len(JAR_MAGIC):].strip()))
        return None
    return None


def manifest_class_path(jar):
    """The Class-Path entries of a jar's manifest (relative URLs, resolved against the jar's directory)."""
    with zipfile.ZipFile(jar) as z:
        try:
            text = z.read("META-INF/MANIFEST.MF").decode("utf-8")
        except KeyError:
            return []
    text = text.replace("\r\n", "\n").replace("\n ", "")  # manifest lines continue after a newline and one space
    for line in text.split("\n"):
        if line.startswith("Class-Path:"):
            return line[len("Class-Path:"):].split()
    return []


def missing_front_doors(paths):
    """Messages naming each notebook whose first '%jar' cell names a jar that does not exist, or whose manifest
    Class-Path names jars that do not exist (target/lib deleted or half built)."""
    problems = []
    for path in paths:
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:  # noqa: BLE001 - reported as unreadable when the notebook runs
            continue
        jar = front_door_jar(nb, path)
        if jar is None:
            continue
        if not os.path.isfile(jar):
            problems.append("%s loads %s in its first code cell, and that jar does not exist; build it with '%s' in "
                            "the repository root" % (path, os.path.relpath(jar), BUILD_COMMAND))
            continue
        try:
            entries = manifest_class_path(jar)
        except (OSError, zipfile.BadZipFile) as e:
            problems.append("%s loads %s, which is not a readable jar (%s); rebuild it with '%s'" % (
                path, os.path.relpath(jar), e, BUILD_COMMAND))
            continue
        absent = [e for e in entries if not os.path.isfile(os.path.join(os.path.dirname(jar), e))]
        if absent:
            problems.append("%s loads %s, whose manifest names %d jar(s) that do not exist (first: %s); rebuild with "
                            "'%s'" % (path, os.path.relpath(jar), len(absent), absent[0], BUILD_COMMAND))
    return problems


def relativise(text, directory):
    """text with the absolute path of directory (the kernel's working directory) removed from every path that
    starts with it, so that 'DIR/../x' reads '../x' and 'DIR/x' reads 'x'."""
    return text.replace(directory + os.sep, "")


def coalesce_streams(outputs):
    """outputs with each run of consecutive stream outputs of the same stream joined into one (the kernel sends a
    formatted print in many small pieces; a notebook front end shows them joined anyway)."""
    merged = []
    for out in outputs:
        last = merged[-1] if merged else None
        if (out.get("output_type") == "stream" and last is not None and last.get("output_type") == "stream"
                and last.get("name") == out.get("name")):
            last["text"] = last["text"] + out["text"]
        else:
            merged.append(out)
    return merged


def committable_copy(executed, original, path):
    """The executed notebook as it is committed: the original's notebook metadata (kernelspec, language_info) instead
    of the runner's, no per-cell timing metadata, consecutive stream outputs joined, and this machine's path of the
    notebook's directory removed from the outputs (the kernel prints absolute paths, e.g. for '%jar')."""
    nb = nbformat.from_dict(json.loads(json.dumps(executed)))
    nb.metadata = nbformat.from_dict(json.loads(json.dumps(original.metadata)))
    directory = notebook_dir(path)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        cell.outputs = coalesce_streams(cell.outputs)
        for out in cell.outputs:
            if "text" in out:
                out["text"] = relativise(out["text"], directory)
            for mime, value in out.get("data", {}).items():
                if mime.startswith("text/") and isinstance(value, str):
                    out["data"][mime] = relativise(value, directory)
    return nb


def write_in_place(nb, path):
    """Writes a notebook over path atomically (a temporary file in the same directory, then a rename)."""
    tmp = path + ".tmp"
    nbformat.write(nb, tmp)
    os.replace(tmp, path)


def notebook_language(nb):
    """The language a notebook declares (kernelspec or language_info), or None."""
    kernelspec = nb.metadata.get("kernelspec", {}) or {}
    language = kernelspec.get("language") or (nb.metadata.get("language_info", {}) or {}).get("name")
    return language.lower() if isinstance(language, str) else None


def cell_output_text(cell):
    """The stream and plain results of a cell, as text, for failure reports."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append("[%s] %s" % (out.get("name"), out.get("text", "")))
        elif out.get("output_type") in ("execute_result", "display_data"):
            data = out.get("data", {})
            text = data.get("text/plain") or data.get("text/html")
            if text:
                parts.append(text if isinstance(text, str) else "".join(text))
    return strip_ansi("".join(parts).rstrip("\n"))


def describe_failure(path, nb, index, headline):
    """A readable report of a failing cell: its position, source, output and traceback."""
    cell = nb.cells[index]
    lines = ["", "=" * 100,
             "FAILED %s: cell %d of %d (code cell #%d): %s" % (
                 path, index + 1, len(nb.cells), 1 + sum(1 for c in nb.cells[:index] if c.cell_type == "code"),
                 headline),
             "---- cell source " + "-" * 83, cell.source.rstrip("\n")]
    output = cell_output_text(cell)
    if output:
        lines += ["---- cell output " + "-" * 83, output]
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            lines += ["---- traceback " + "-" * 85,
                      "%s: %s" % (out.get("ename"), strip_ansi(out.get("evalue", "")))]
            lines += [strip_ansi(t).rstrip("\n") for t in out.get("traceback", [])]
    lines.append("=" * 100)
    return "\n".join(lines)


async def execute_all_cells(client, nb, record):
    """Executes the code cells in order, recording the index of the cell running; raises at the first failure."""
    msg_id = client.kc.kernel_info()
    info = await client.async_wait_for_reply(msg_id)
    if info is not None and "language_info" in info["content"]:
        nb.metadata["language_info"] = info["content"]["language_info"]
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        record["running_cell"] = index
        if INTERRUPTED["flag"]:
            raise asyncio.CancelledError()
        began = time.monotonic()
        try:
            await client.async_execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        except (CellTimeoutError, DeadKernelError, CellExecutionError):
            if INTERRUPTED["flag"]:
                raise asyncio.CancelledError() from None
            raise
        finally:
            record["cell_seconds"].append([index + 1, round(time.monotonic() - began, 2)])


async def execute_cells(client, nb, path, record, opts):
    """Executes the cells in order; returns None when all passed or a failure report."""
    try:
        await execute_all_cells(client, nb, record)
        return None
    except CellTimeoutError:
        index = record.pop("running_cell")
        record.update(status="cell-timeout", failed_cell=index + 1)
        return describe_failure(path, nb, index, "no result within the cell timeout of %d s" % opts.cell_timeout)
    except DeadKernelError as e:
        index = record.pop("running_cell")
        record.update(status="kernel-died", failed_cell=index + 1)
        return describe_failure(path, nb, index, "the kernel died (%s)" % e)
    except CellExecutionError as e:
        index = record.pop("running_cell")
        evalue = strip_ansi(e.evalue or "")
        record.update(status="cell-error", failed_cell=index + 1, error="%s: %s" % (e.ename, evalue))
        return describe_failure(path, nb, index, "%s: %s" % (e.ename, evalue) if evalue else e.ename)


async def run_notebook(path, opts, ksm, records):
    """Executes one notebook, appending its summary record (status 'ok' or a failure status) to records."""
    stem = os.path.splitext(os.path.basename(path))[0]
    out_path = os.path.join(opts.out_dir, os.path.basename(path))
    record = {"notebook": path, "output": out_path, "status": None, "start_attempts": [], "cell_seconds": []}
    records.append(record)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as e:  # noqa: BLE001 - unreadable JSON, unknown format...
        record.update(status="unreadable", error=str(e))
        log("FAILED %s: cannot read the notebook: %s" % (path, e))
        return record
    language = notebook_language(nb)
    if language is not None and language != "java":
        record.update(status="unreadable", error="declares language %s" % language)
        log("FAILED %s: the notebook declares language '%s'; this runner executes Java notebooks" % (path, language))
        return record
    original = nbformat.from_dict(json.loads(json.dumps(nb)))

    try:
        started = await start_kernel(opts, ksm, stem, record, notebook_dir(path))
    except asyncio.CancelledError:
        record["status"] = "interrupted"
        raise
    except KernelStartError as e:
        record.update(status="kernel-start-failed", error=str(e))
        log("FAILED %s: %s" % (path, e))
        return record
    report = None
    began = time.monotonic()
    try:
        client = NotebookClient(nb, km=started.km, timeout=opts.cell_timeout, allow_errors=False,
                                startup_timeout=int(opts.start_timeout), record_timing=not opts.write,
                                resources={"metadata": {"path": notebook_dir(path)}})
        client.kc = started.kc
        report = await execute_cells(client, nb, path, record, opts)
        if report is None:
            record["status"] = "ok"
    except asyncio.CancelledError:
        record["status"] = "interrupted"
        raise
    finally:
        record.pop("running_cell", None)
        record["execute_seconds"] = round(time.monotonic() - began, 2)
        await terminate_kernel(started.km, started.kc, started.pgid)
        started.log_file.close()
        os.makedirs(opts.out_dir, exist_ok=True)
        nbformat.write(nb, out_path)
    if report is None:
        log("%s: passed, %d code cells in %.1f s -> %s" % (
            path, sum(1 for c in nb.cells if c.cell_type == "code"), record["execute_seconds"], out_path))
        if opts.write:
            write_in_place(committable_copy(nb, original, path), path)
            record["written"] = True
            log("%s: written back with its outputs" % path)
    else:
        print(report, flush=True)
        log("%s: executed copy up to the failure -> %s; kernel log %s" % (path, out_path, started.log_path))
    return record


def summarise(records, wall_seconds):
    """The run summary written to summary.json."""
    starts = [a for r in records for a in r["start_attempts"]]
    return {
        "notebooks": records,
        "passed": sum(1 for r in records if r["status"] == "ok"),
        "failed": sum(1 for r in records if r["status"] != "ok"),
        "kernel_starts": len(starts),
        "kernel_starts_hung": sum(1 for a in starts if a["outcome"] == "hung"),
        "kernel_starts_failed_otherwise": sum(1 for a in starts if a["outcome"] not in ("hung", "ready")),
        "wall_seconds": round(wall_seconds, 2),
    }


async def run_all(opts):
    """Executes every notebook in turn (a failure does not stop the others) and writes summary.json."""
    ksm = KernelSpecManager(kernel_dirs=[os.path.join(opts.jupyter_path, "kernels")])
    if opts.kernel_name not in ksm.find_kernel_specs():
        log("ERROR: no kernel '%s' in %s; run the 'register' subcommand first (tutorials/run-notebooks.sh does)" % (
            opts.kernel_name, opts.jupyter_path))
        return EXIT_USAGE
    began = time.monotonic()
    records = []
    try:
        for path in opts.notebooks:
            await run_notebook(path, opts, ksm, records)
    finally:
        summary = summarise(records, time.monotonic() - began)
        os.makedirs(opts.out_dir, exist_ok=True)
        with open(os.path.join(opts.out_dir, "summary.json"), "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=1)
            f.write("\n")
    log("%d passed, %d failed; %d kernel starts: %d hung, %d exited or failed early; %.1f s" % (
        summary["passed"], summary["failed"], summary["kernel_starts"], summary["kernel_starts_hung"],
        summary["kernel_starts_failed_otherwise"], summary["wall_seconds"]))
    if summary["failed"] == 0:
        return EXIT_OK
    if all(r["status"] in ("ok", "kernel-start-failed") for r in records):
        return EXIT_KERNEL_START  # only infrastructure failures: no notebook got to run and fail
    return EXIT_NOTEBOOK_FAILED


def command_run(opts):
    missing = [p for p in opts.notebooks if not os.path.isfile(p)]
    if missing:
        log("ERROR: no such notebook: " + ", ".join(missing))
        return EXIT_USAGE
    problems = missing_front_doors(opts.notebooks)
    if problems:
        for problem in problems:
            log("ERROR: " + problem)
        return EXIT_USAGE
    if opts.log_dir is None:
        opts.log_dir = os.path.join(opts.out_dir, "logs")

    async def main():
        task = asyncio.current_task()
        loop = asyncio.get_running_loop()

        def interrupt():
            INTERRUPTED["flag"] = True
            task.cancel()

        # CI stops jobs with SIGTERM: cancel the run so the finally blocks stop the kernel process groups.
        loop.add_signal_handler(signal.SIGTERM, interrupt)
        loop.add_signal_handler(signal.SIGINT, interrupt)
        return await run_all(opts)

    try:
        return asyncio.run(main())
    except (asyncio.CancelledError, KeyboardInterrupt):
        log("interrupted; the kernels were stopped")
        return EXIT_INTERRUPTED


def positive(kind):
    def parse(text):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError("must be positive: %s" % text)
        return value
    return parse


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    reg = sub.add_parser("register", help="write the kernelspec of the rapaio Java kernel")
    reg.add_argument("--jupyter-path", required=True, help="private Jupyter data directory (kernels/ goes inside)")
    reg.add_argument("--name", required=True, help="kernelspec name")
    reg.add_argument("--display-name", default="Java (tribuo-cider)")
    reg.add_argument("--java", required=True, help="java executable")
    reg.add_argument("--kernel-jar", required=True, help="rapaio-jupyter-kernel jar")
    reg.add_argument("--java-opt", action="append", default=[], help="JVM option (repeatable)")

    run = sub.add_parser("run", help="execute notebooks")
    run.add_argument("--jupyter-path", required=True, help="private Jupyter data directory holding the kernelspec")
    run.add_argument("--kernel-name", required=True, help="kernelspec to use (the notebooks' own kernelspec is ignored)")
    run.add_argument("--out-dir", required=True, help="where the executed notebooks and summary.json go")
    run.add_argument("--log-dir", default=None, help="kernel logs (default <out-dir>/logs)")
    run.add_argument("--cell-timeout", type=positive(int), default=600, help="seconds per cell (default 600)")
    run.add_argument("--start-timeout", type=positive(float), default=10.0,
                     help="seconds for a kernel to answer at start-up, growing by half on each retry (default 10)")
    run.add_argument("--start-attempts", type=positive(int), default=8,
                     help="kernel starts tried per notebook before giving up (default 8)")
    run.add_argument("--write", action="store_true",
                     help="write each notebook that passes back in place, with its outputs (see committable_copy)")
    run.add_argument("notebooks", nargs="+")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "register":
        return command_register(args)
    return command_run(args)


if __name__ == "__main__":
    sys.exit(main())
