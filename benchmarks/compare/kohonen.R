# One R kohonen run of the comparison (README.md): reads the samples and the initial codebook that prepare.py
# wrote, trains with supersom(mode = batch or pbatch), and writes the final codebook (M x D CSV, kohonen's unit
# order) and the timings. Only the supersom() call is timed as training; reading the matrix is timed apart.
#
# Rscript kohonen.R DIR MODE XDIM YDIM TOPO NEIGH R0,R1 EPOCHS CORES SEED OUT
#   R0,R1: supersom's radius = c(R0, R1), epoch m at R0 - (R0 - R1)·m/EPOCHS (README.md, "Schedules")
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 11) stop("usage: Rscript kohonen.R DIR MODE XDIM YDIM TOPO NEIGH R0,R1 EPOCHS CORES SEED OUT")
dir <- args[1]; mode <- args[2]
xdim <- as.integer(args[3]); ydim <- as.integer(args[4])
topo <- args[5]; neigh <- args[6]; radius <- as.numeric(strsplit(args[7], ",", fixed = TRUE)[[1]])
epochs <- as.integer(args[8]); cores <- as.integer(args[9]); seed <- as.integer(args[10]); out <- args[11]
if (length(radius) != 2 || any(!is.finite(radius)) || radius[1] <= 0) stop("R0,R1 ", args[7], ": expected two numbers, R0 > 0")
if (!(mode %in% c("batch", "pbatch"))) stop("MODE ", mode, ": expected batch or pbatch")
suppressPackageStartupMessages(library(kohonen))

info <- readLines(file.path(dir, "prepare.json"))
num <- function(key) as.integer(sub(".*: *([0-9]+).*", "\\1", grep(paste0('"', key, '"'), info, value = TRUE)[1]))
n <- num("samples"); d <- num("features"); m <- xdim * ydim

read_start <- proc.time()[["elapsed"]]
read_f32 <- function(path, count) {
  con <- file(path, "rb"); on.exit(close(con))
  readBin(con, what = "numeric", n = count, size = 4, endian = "little")
}
x <- matrix(read_f32(file.path(dir, "train.f32"), n * d), nrow = n, ncol = d, byrow = TRUE)
init <- matrix(read_f32(file.path(dir, "init-kohonen.f32"), m * d), nrow = m, ncol = d, byrow = TRUE)
read_seconds <- proc.time()[["elapsed"]] - read_start

set.seed(seed)   # kohonen breaks BMU ties at random
grid <- somgrid(xdim, ydim, topo = topo, neighbourhood.fct = neigh)
timing <- system.time(
  fit <- som(x, grid = grid, rlen = epochs, radius = radius, mode = mode, cores = cores,
             init = init, keep.data = FALSE))
codes <- fit$codes[[1]]
if (!all(dim(codes) == c(m, d))) stop("unexpected codebook shape")

dir.create(out, showWarnings = FALSE, recursive = TRUE)
write.table(codes, file.path(out, "codebook.csv"), sep = ",", row.names = FALSE, col.names = FALSE)
train <- timing[["elapsed"]]
cat(sprintf('{\n  "peer": "kohonen %s",\n  "mode": "%s",\n  "cores": %d,\n  "read_seconds": %.6f,\n  "train_seconds": %.6f,\n  "train_cpu_seconds": %.6f,\n  "seconds_per_epoch": %.6f,\n  "epochs": %d,\n  "radius": [%.17g, %.17g]\n}\n',
            as.character(packageVersion("kohonen")), mode, cores, read_seconds, train,
            timing[["user.self"]] + timing[["sys.self"]] + sum(timing[c("user.child", "sys.child")], na.rm = TRUE),
            train / epochs, epochs, radius[1], radius[2]),
    file = file.path(out, "timing.json"))
cat(sprintf("kohonen %s: %d epochs in %.2f s (%.3f s/epoch), read %.2f s\n", mode, epochs, train, train / epochs, read_seconds))
