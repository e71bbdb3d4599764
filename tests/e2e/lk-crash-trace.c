/*
 * Linkon end-to-end tests: a crash reporter preloaded into the real `obs`
 * (LD_PRELOAD, set by tests/e2e/lkobs.py when LK_CRASH_TRACE_LIB names this
 * library). OBS on Linux writes no crash report of its own, so a test that
 * sees OBS killed by a signal had nothing to go on but the exit code. With
 * this, a fatal signal appends to the file named by LK_CRASH_TRACE:
 *   the signal, the faulting address, the crashing thread's name and its
 *   backtrace (backtrace_symbols_fd: "lib.so(symbol+0x..)[0x..]"),
 * and then the signal takes its default action as before (the exit code the
 * test checks is unchanged). lkobs.py prints the file into the test output.
 *
 * Only async-signal-safe calls in the handler (write, backtrace after it was
 * warmed up at load, backtrace_symbols_fd, prctl, raise); its own stack
 * (sigaltstack) so a stack overflow is reported too.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <execinfo.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#define MAX_FRAMES 64
#define ALT_STACK_SIZE (256 * 1024)

static int trace_fd = -1;
static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};

static void put(const char *s)
{
	size_t n = strlen(s);
	while (n > 0) {
		ssize_t w = write(trace_fd, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void put_uint(unsigned long v, int base)
{
	char buf[32];
	int i = (int)sizeof(buf) - 1;
	buf[i] = '\0';
	do {
		buf[--i] = "0123456789abcdef"[v % (unsigned long)base];
		v /= (unsigned long)base;
	} while (v && i > 0);
	put(buf + i);
}

static void on_fatal(int sig, siginfo_t *info, void *ctx)
{
	(void)ctx;
	char name[17] = {0};
	void *frames[MAX_FRAMES];
	prctl(PR_GET_NAME, name, 0, 0, 0);
	put("lk-crash-trace: signal ");
	put_uint((unsigned long)sig, 10);
	put(" (");
	put(sig == SIGSEGV  ? "SIGSEGV"
	    : sig == SIGBUS ? "SIGBUS"
	    : sig == SIGILL ? "SIGILL"
	    : sig == SIGFPE ? "SIGFPE"
			    : "SIGABRT");
	put(") at address 0x");
	put_uint((unsigned long)(info ? info->si_addr : NULL), 16);
	put(" in thread \"");
	put(name);
	put("\" (tid ");
	put_uint((unsigned long)gettid(), 10);
	put(")\n");
	int n = backtrace(frames, MAX_FRAMES);
	backtrace_symbols_fd(frames, n, trace_fd);
	put("lk-crash-trace: end\n");
	/* SA_RESETHAND put the default action back: a fault re-executes the
	 * instruction and ends the process as it would have; abort and the
	 * rest are raised again */
	if (sig == SIGABRT || (info && info->si_code <= 0))
		raise(sig);
}

__attribute__((constructor)) static void crash_trace_init(void)
{
	const char *path = getenv("LK_CRASH_TRACE");
	if (!path || !*path)
		return;
	trace_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (trace_fd < 0)
		return;
	/* the first backtrace() loads libgcc_s (malloc, dlopen): not in the handler */
	void *warm[4];
	backtrace(warm, 4);

	stack_t ss = {0};
	ss.ss_sp = malloc(ALT_STACK_SIZE);
	ss.ss_size = ALT_STACK_SIZE;
	if (ss.ss_sp)
		sigaltstack(&ss, NULL); /* the main thread's; other threads use their own stack */

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fatal;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		sigaction(fatal_signals[i], &sa, NULL);
}
