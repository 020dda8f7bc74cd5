;; trap.wasm: `run` executes `unreachable`.
(module
  (memory (export "memory") 1)
  (func (export "run") (result i32)
    unreachable))
