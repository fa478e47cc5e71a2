/*
 * The floor for the tree benchmark: libyaml's own event loop over bytes in memory.
 *
 *     cc -O2 -o bench/out/scan bench/scan.c $(pkg-config --cflags --libs yaml-0.1)
 *     bench/out/scan FILE [RUNS [WARMUP]]
 *
 * Reads FILE into memory once, then RUNS times (after WARMUP untimed runs, default 1):
 * initialise a parser over the bytes, pull every event with yaml_parser_parse and free it
 * with yaml_event_delete until STREAM-END, delete the parser. Nothing is kept.
 *
 * Output, one `key value` pair a line (times in milliseconds, CLOCK_MONOTONIC):
 *     bytes 3148391
 *     events 321664
 *     first_ms 80.120   (the first warm-up run: the cold cost in a fresh process)
 *     run_ms 73.503
 *     ...            (one line per timed run)
 *     min_ms 72.204
 *     median_ms 73.503
 * Exit status 1 when the file cannot be read or libyaml reports an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yaml.h>

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One full pass; returns the number of events, or -1 on a libyaml error. Kept out of line
 * and external so that `valgrind --toggle-collect=pbl_scan` can count just this work. */
__attribute__((noinline)) long pbl_scan(const unsigned char *bytes, size_t length);
long pbl_scan(const unsigned char *bytes, size_t length) {
    yaml_parser_t parser;
    yaml_event_t event;
    long events = 0;
    if (!yaml_parser_initialize(&parser)) return -1;
    yaml_parser_set_input_string(&parser, bytes, length);
    for (;;) {
        if (!yaml_parser_parse(&parser, &event)) {
            fprintf(stderr, "scan: libyaml error: %s at line %lu column %lu\n",
                    parser.problem ? parser.problem : "(unknown)",
                    (unsigned long)parser.problem_mark.line + 1,
                    (unsigned long)parser.problem_mark.column + 1);
            yaml_parser_delete(&parser);
            return -1;
        }
        events++;
        int done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        if (done) break;
    }
    yaml_parser_delete(&parser);
    return events;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: %s FILE [RUNS [WARMUP]]\n", argv[0]);
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 10;
    int warmup = argc > 3 ? atoi(argv[3]) : 1;
    if (runs < 1 || warmup < 0) {
        fprintf(stderr, "scan: RUNS must be at least 1 and WARMUP at least 0\n");
        return 2;
    }

    FILE *file = fopen(argv[1], "rb");
    if (!file) { perror(argv[1]); return 1; }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    unsigned char *bytes = malloc(size > 0 ? (size_t)size : 1);
    if (!bytes || fread(bytes, 1, (size_t)size, file) != (size_t)size) {
        fprintf(stderr, "scan: could not read %s\n", argv[1]);
        return 1;
    }
    fclose(file);
    /* The tree reader drops a UTF-8 BOM before libyaml sees the bytes; do the same. */
    size_t skip = size >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

    long events = 0;
    double first = -1;
    for (int i = 0; i < warmup; i++) {
        double start = now_ms();
        events = pbl_scan(bytes + skip, (size_t)size - skip);
        if (i == 0) first = now_ms() - start;
        if (events < 0) return 1;
    }
    double *times = malloc(sizeof(double) * (size_t)runs);
    for (int i = 0; i < runs; i++) {
        double start = now_ms();
        events = pbl_scan(bytes + skip, (size_t)size - skip);
        times[i] = now_ms() - start;
        if (events < 0) return 1;
    }

    printf("bytes %ld\n", size);
    printf("events %ld\n", events);
    if (first >= 0) printf("first_ms %.3f\n", first);
    for (int i = 0; i < runs; i++) printf("run_ms %.3f\n", times[i]);
    qsort(times, (size_t)runs, sizeof(double), compare_doubles);
    double median = runs % 2 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
    printf("min_ms %.3f\n", times[0]);
    printf("median_ms %.3f\n", median);
    free(times);
    free(bytes);
    return 0;
}
