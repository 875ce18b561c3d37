# Runs one command and reports its resource usage as JSON on file descriptor 3.
# Node 20 cannot read a child's rusage (no wait4 binding), so tunechat runs the child under this wrapper:
# posix_spawnp + os.wait4 give user/system CPU time (µs) and peak RSS (ru_maxrss, KiB on Linux) of the child
# and of every descendant it waited for, and the wall time is taken here, around spawn → reap, so the
# wrapper's own start-up is not part of the measurement. The child's stdio is inherited; fd 3 is closed in it.
import json, os, sys, time

def main() -> int:
    argv = sys.argv[1:]
    report = os.fdopen(3, 'w')
    t0 = time.perf_counter_ns()
    try:
        pid = os.posix_spawnp(argv[0], argv, dict(os.environ), file_actions=[(os.POSIX_SPAWN_CLOSE, 3)])
    except OSError as error:
        report.write(json.dumps({'spawn_error': f'{argv[0]}: {error.strerror}'}))
        return 127
    _, status, usage = os.wait4(pid, 0)
    t1 = time.perf_counter_ns()
    code = os.waitstatus_to_exitcode(status)
    report.write(json.dumps({
        'wall_ns': t1 - t0,
        'user_us': round(usage.ru_utime * 1e6),
        'system_us': round(usage.ru_stime * 1e6),
        'max_rss_kb': usage.ru_maxrss,
        'exit_code': code if code >= 0 else None,
        'signal': -code if code < 0 else None,
    }))
    return 0

sys.exit(main())
