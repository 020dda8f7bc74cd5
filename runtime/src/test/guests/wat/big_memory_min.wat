;; big_memory_min.wasm: declares a minimum of 2048 pages (128 MiB), so it must
;; fail to instantiate under a 64 MiB memory cap. `run` returns 0 if it ever runs.
(module
  (memory (export "memory") 2048)
  (func (export "run") (result i32)
    (i32.const 0)))
