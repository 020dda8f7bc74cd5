;; spin.wasm: `run` never returns (busy loop). Tests CPU-time / timeout limits.
(module
  (memory (export "memory") 1)
  (func (export "run") (result i32)
    (loop $forever
      (br $forever))
    (i32.const 0)))
