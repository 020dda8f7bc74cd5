;; memory_bomb.wasm: memory min 1 page, NO maximum.
;;   run:     memory.grow by 16 pages until it returns -1, write the last byte
;;            of the memory, then output the final page count as decimal text
;;            (through the Extism kernel).
;;   run_oob: the same growth, then stores one byte past the end -> must trap.
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 1)

  ;; grow in steps of 16 pages until refused; returns the final page count
  (func $grow_all (result i32)
    (block $done
      (loop $more
        (br_if $done (i32.eq (memory.grow (i32.const 16)) (i32.const -1)))
        (br $more)))
    (memory.size))

  ;; address of the last byte: pages * 65536 - 1 (wraps to 0xFFFFFFFF at 4 GiB)
  (func $last_byte (param $pages i32) (result i32)
    (i32.sub (i32.shl (local.get $pages) (i32.const 16)) (i32.const 1)))

  ;; write the decimal digits of $v to kernel memory and make them the output
  (func $output_decimal (param $v i32)
    (local $buf i32) (local $n i32) (local $p i64) (local $i i32)
    ;; digits are produced backwards into linear memory bytes 0..15
    (local.set $buf (i32.const 16))
    (loop $digit
      (local.set $buf (i32.sub (local.get $buf) (i32.const 1)))
      (i32.store8 (local.get $buf)
        (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
      (br_if $digit (i32.ne (local.get $v) (i32.const 0))))
    (local.set $p (call $alloc (i64.extend_i32_u (local.get $n))))
    (loop $copy
      (call $store_u8
        (i64.add (local.get $p) (i64.extend_i32_u (local.get $i)))
        (i32.load8_u (i32.add (local.get $buf) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $copy (i32.lt_u (local.get $i) (local.get $n))))
    (call $output_set (local.get $p) (i64.extend_i32_u (local.get $n))))

  (func (export "run") (result i32)
    (local $pages i32)
    (local.set $pages (call $grow_all))
    (i32.store8 (call $last_byte (local.get $pages)) (i32.const 42))
    (call $output_decimal (local.get $pages))
    (i32.const 0))

  (func (export "run_oob") (result i32)
    (local $pages i32)
    (local.set $pages (call $grow_all))
    ;; effective address = last byte + 1 = one past the end (offset avoids i32 wrap)
    (i32.store8 offset=1 (call $last_byte (local.get $pages)) (i32.const 42))
    (i32.const 0)))
