;; recurse.wasm: `run` recurses without bound; the engine's call-stack limit
;; must turn this into a trap (stack overflow), not a crash of the host.
(module
  (memory (export "memory") 1)
  (func $down (param $n i64) (result i64)
    ;; not a tail call: the addition after the call keeps every frame alive
    (i64.add
      (call $down (i64.add (local.get $n) (i64.const 1)))
      (local.get $n)))
  (func (export "run") (result i32)
    (drop (call $down (i64.const 0)))
    (i32.const 0)))
