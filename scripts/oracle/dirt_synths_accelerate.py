# Pitch along accelerate, Phonon vs SuperDirt (see dirt_synths.scd); run in /tmp/superdirt-cmp.
import numpy as np, warnings
warnings.filterwarnings('ignore')
from scipy.io import wavfile
SR=48000
def load(p):
    sr,x=wavfile.read(p); return x.mean(1) if x.ndim>1 else x
for s in ['supersquare','supermandolin','supergong','supercomparator']:
    for eng in ['sd','ph']:
        x=load(f'wav/{eng}/{s}_acc.wav'); row=[]
        for k,(sp,acc) in enumerate([(1,1),(1.5,-0.5)]):
            a=k*2*SR; seg=x[a:a+SR]; on=int(np.argmax(np.abs(seg)>np.abs(seg).max()*1e-3))
            for t in [0.1,0.4,0.7,0.9]:
                f=261.6256*sp*(1+acc*t)
                c=a+on+int(t*SR); w=x[c-2048:c+2048]*np.hanning(4096)
                X=np.abs(np.fft.rfft(w,2**18)); fr=np.fft.rfftfreq(2**18,1/SR)
                m=(fr>f*0.93)&(fr<f*1.07); i=np.argmax(np.where(m,X,0))
                row.append(f'{fr[i]:.1f}/{f:.1f}')
        print(s,eng,' '.join(row))
