;; The Adam family's update of one tensor, in place, four elements at a time (WebAssembly SIMD).
;; p, g, m, v: byte offsets of float32 arrays of n elements (n a multiple of 4, offsets of 16).
;; The operations and their order are those of the step graph's update (optimizers.ts):
;;   g' = g + p * coupled          (adam's L2 penalty; coupled = 0 without one)
;;   m  = m * b1 + g' * c1         (c1 = 1 - b1)
;;   v  = v * b2 + (g' * g') * c2  (c2 = 1 - b2)
;;   p  = p * decay - m / (sqrt(v) + eps) * step   (decay = 1 - lr * weightDecay for adamw, else 1)
;; Returns the largest |p| after the update: not finite exactly when some new p is not.
;; `largest` gives the same for p as it is (the parameters a trainer starts from or loads).
;; Regenerate host-adam-wasm.ts after editing: see scripts/host-adam-wasm.mjs.
(module
  (memory (export "memory") 0)
  (func (export "adam")
    (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
    (param $b1 f32) (param $c1 f32) (param $b2 f32) (param $c2 f32)
    (param $eps f32) (param $step f32) (param $coupled f32) (param $decay f32)
    (result f32)
    (local $i i32) (local $end i32)
    (local $vb1 v128) (local $vc1 v128) (local $vb2 v128) (local $vc2 v128)
    (local $veps v128) (local $vstep v128) (local $vcoupled v128) (local $vdecay v128)
    (local $pi v128) (local $gi v128) (local $mi v128) (local $vi v128) (local $largest v128)
    (local.set $vb1 (f32x4.splat (local.get $b1)))
    (local.set $vc1 (f32x4.splat (local.get $c1)))
    (local.set $vb2 (f32x4.splat (local.get $b2)))
    (local.set $vc2 (f32x4.splat (local.get $c2)))
    (local.set $veps (f32x4.splat (local.get $eps)))
    (local.set $vstep (f32x4.splat (local.get $step)))
    (local.set $vcoupled (f32x4.splat (local.get $coupled)))
    (local.set $vdecay (f32x4.splat (local.get $decay)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $pi (v128.load (i32.add (local.get $p) (local.get $i))))
        (local.set $gi (f32x4.add (v128.load (i32.add (local.get $g) (local.get $i)))
                                  (f32x4.mul (local.get $pi) (local.get $vcoupled))))
        (local.set $mi (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $i))) (local.get $vb1))
                                  (f32x4.mul (local.get $gi) (local.get $vc1))))
        (local.set $vi (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $i))) (local.get $vb2))
                                  (f32x4.mul (f32x4.mul (local.get $gi) (local.get $gi)) (local.get $vc2))))
        (v128.store (i32.add (local.get $m) (local.get $i)) (local.get $mi))
        (v128.store (i32.add (local.get $v) (local.get $i)) (local.get $vi))
        (local.set $pi
          (f32x4.sub (f32x4.mul (local.get $pi) (local.get $vdecay))
                     (f32x4.mul (f32x4.div (local.get $mi) (f32x4.add (f32x4.sqrt (local.get $vi)) (local.get $veps)))
                                (local.get $vstep))))
        (v128.store (i32.add (local.get $p) (local.get $i)) (local.get $pi))
        ;; f32x4.max propagates NaN, so a NaN anywhere reaches the result.
        (local.set $largest (f32x4.max (local.get $largest) (f32x4.abs (local.get $pi))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    (call $lanes (local.get $largest)))
  (func (export "largest") (param $p i32) (param $n i32) (result f32)
    (local $i i32) (local $end i32) (local $largest v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $largest (f32x4.max (local.get $largest) (f32x4.abs (v128.load (i32.add (local.get $p) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    (call $lanes (local.get $largest)))
  ;; The largest of four lanes (NaN if any is NaN).
  (func $lanes (param $x v128) (result f32)
    (f32.max (f32.max (f32x4.extract_lane 0 (local.get $x)) (f32x4.extract_lane 1 (local.get $x)))
             (f32.max (f32x4.extract_lane 2 (local.get $x)) (f32x4.extract_lane 3 (local.get $x))))))
